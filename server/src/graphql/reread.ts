// The answer of a mutation that returns a Prisma row: the row the service changed, read again with
// the selection Pothos planned for the query (so nested fields cost no extra queries).
interface Rereadable<Q, R> {
  findUniqueOrThrow(args: Q & { where: { id: string } }): PromiseLike<R>;
}

export async function reread<Q extends object, R>(model: Rereadable<Q, R>, query: Q, changed: Promise<{ id: string }>): Promise<R> {
  const { id } = await changed;
  return model.findUniqueOrThrow({ ...query, where: { id } });
}
