// Team members for tests, written straight to the database (user management is not under test),
// and read-only display tokens (the office TV) through the API.
import { hashPassword } from '@opsboard/server/auth/service.ts';
import { graphql } from '../graphql.ts';
import { login, type TestServer } from '../server.ts';

let counter = 0;

export interface TestPerson {
  id: string;
  name: string;
  email: string;
}

export type Role = 'VIEWER' | 'ENGINEER' | 'AGENT' | 'LEAD' | 'MANAGER' | 'ADMIN';

export async function createPeople(server: TestServer, names: string[], role: Role = 'ENGINEER'): Promise<TestPerson[]> {
  const people: TestPerson[] = [];
  for (const name of names) {
    counter += 1;
    const email = `${name.toLowerCase().replace(/\W+/g, '.')}.${counter}@opsboard.example`;
    const user = await server.app.rt.prisma.user.create({ data: { name, email, role, supportLevel: 'L2' }, select: { id: true, name: true, email: true } });
    people.push(user);
  }
  return people;
}

/** One team member (see createPeople). */
export async function createPerson(server: TestServer, name: string, role: Role = 'ENGINEER'): Promise<TestPerson> {
  const [person] = await createPeople(server, [name], role);
  return person!;
}

const CREATE_DISPLAY_TOKEN = graphql(`
  mutation CreateDisplayToken($name: String!) {
    createDisplayToken(name: $name) {
      token
    }
  }
`);

/** A read-only display token (a wallboard TV) named `name`; fails the test on any error. */
export async function createDisplayToken(server: TestServer, name: string): Promise<string> {
  const result = await server.gql(CREATE_DISPLAY_TOKEN, { name });
  const token = result.data?.createDisplayToken.token;
  if (!token) throw new Error(`createDisplayToken failed: ${JSON.stringify(result.errors)}`);
  return token;
}

/** Gives `person` a password and signs them in: their session token for `server.gql(doc, vars, token)`. */
export async function signIn(server: TestServer, person: TestPerson): Promise<string> {
  const password = `${person.email}-password`;
  await server.app.rt.prisma.user.update({ where: { id: person.id }, data: { passwordHash: await hashPassword(password, server.app.rt.config.scryptCost) } });
  return login(server, person.email, password);
}
