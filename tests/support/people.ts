// Team members for tests, written straight to the database (user management is not under test).
import type { TestServer } from './server.ts';

let counter = 0;

export interface TestPerson {
  id: string;
  name: string;
  email: string;
}

export async function createPeople(server: TestServer, names: string[], role: 'ENGINEER' | 'AGENT' | 'LEAD' | 'MANAGER' = 'ENGINEER'): Promise<TestPerson[]> {
  const people: TestPerson[] = [];
  for (const name of names) {
    counter += 1;
    const email = `${name.toLowerCase().replace(/\W+/g, '.')}.${counter}@opsboard.example`;
    const user = await server.app.rt.prisma.user.create({ data: { name, email, role, supportLevel: 'L2' }, select: { id: true, name: true, email: true } });
    people.push(user);
  }
  return people;
}
