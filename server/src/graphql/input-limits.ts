// Bounds on every argument of every GraphQL operation, in one place, checked before any resolver
// runs: the argument values as graphql-js coerced them (variables and inline literals alike) are
// walked along their input types. Strings, IDs, lists and JSON values each have a ceiling, and text
// PostgreSQL cannot store (NUL) or that is not Unicode (a lone surrogate) is refused outright, so
// a hostile value is a clear BAD_USER_INPUT naming the argument instead of an error deep in a
// service or the database. Services keep their own (smaller) zod limits; this is the outer fence.
import {
  type DocumentNode,
  getArgumentValues,
  getNullableType,
  getOperationAST,
  getVariableValues,
  type GraphQLArgument,
  type GraphQLInputType,
  type GraphQLSchema,
  isInputObjectType,
  isListType,
  isScalarType,
  TypeInfo,
  visit,
  visitWithTypeInfo,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { type FieldError, inputError } from '../platform/errors.ts';
import { hostileTextReason } from '../platform/validation.ts';
import { toGraphQLError } from './errors.ts';

export const INPUT_LIMITS = {
  /** Characters in any String argument without a higher limit of its own (below). */
  string: 10_000,
  /** Characters in an ID (row ids are UUIDs, ticket numbers shorter still). */
  id: 200,
  /** Items in any list. */
  listItems: 1_000,
  /** Nesting of objects and arrays in a JSON value. */
  jsonDepth: 20,
  /** Fields the first failures are reported for; the rest are left out. */
  reported: 10,
} as const;

/**
 * Long texts, by input field (`Input.field`) or field argument (`Type.field(arg:)`): each the same as
 * the service's own zod limit, so the service's message (which says the same number) is the one a
 * caller meets when the text is merely too long.
 */
export const LONG_TEXT_LIMITS: Readonly<Record<string, number>> = {
  'CreateTicketInput.description': 20_000,
  'RespondInput.body': 20_000,
  'EscalateTicketInput.details': 20_000,
  'UpdateResponseTemplateInput.body': 20_000,
  'UpdatePostmortemInput.summary': 20_000,
  'UpdatePostmortemInput.impact': 20_000,
  'UpdatePostmortemInput.timeline': 20_000,
  'UpdatePostmortemInput.rootCause': 20_000,
  'UpdatePostmortemInput.wentWell': 20_000,
  'UpdatePostmortemInput.wentBadly': 20_000,
  'CreateKbArticleInput.body': 50_000,
  // An .ics file of holidays; HTTP bodies this large are accepted from managers only (GRAPHQL_LIMITS.managerBodyBytes).
  'Mutation.importHolidays(ics:)': 1_000_000,
};

class Issues {
  readonly found: FieldError[] = [];
  add(field: string, message: string): void {
    if (this.found.length < INPUT_LIMITS.reported) this.found.push({ field, message });
  }
  get full(): boolean {
    return this.found.length >= INPUT_LIMITS.reported;
  }
}

function checkText(value: string, max: number, field: string, issues: Issues): void {
  if (value.length > max) issues.add(field, `must be at most ${max} characters`);
  const hostile = hostileTextReason(value);
  if (hostile) issues.add(field, hostile);
}

function checkJson(value: unknown, field: string, depth: number, issues: Issues): void {
  if (issues.full) return;
  if (typeof value === 'string') return checkText(value, INPUT_LIMITS.string, field, issues);
  if (value === null || typeof value !== 'object') return;
  if (depth >= INPUT_LIMITS.jsonDepth) return issues.add(field, `must not be nested more than ${INPUT_LIMITS.jsonDepth} levels deep`);
  if (Array.isArray(value)) {
    if (value.length > INPUT_LIMITS.listItems) return issues.add(field, `must have at most ${INPUT_LIMITS.listItems} items`);
    value.forEach((item, i) => checkJson(item, `${field}.${i}`, depth + 1, issues));
    return;
  }
  const entries = Object.entries(value);
  if (entries.length > INPUT_LIMITS.listItems) return issues.add(field, `must have at most ${INPUT_LIMITS.listItems} keys`);
  for (const [key, item] of entries) {
    checkText(key, INPUT_LIMITS.id, `${field}.${key.slice(0, 40)}`, issues);
    checkJson(item, `${field}.${key.slice(0, 40)}`, depth + 1, issues);
  }
}

/** Walks one coerced value along its input type; `coordinate` is the input field it came from, for long-text limits. */
function checkValue(value: unknown, type: GraphQLInputType, field: string, coordinate: string | undefined, issues: Issues): void {
  if (value === null || value === undefined || issues.full) return;
  const nullable = getNullableType(type);
  if (isListType(nullable)) {
    if (!Array.isArray(value)) return checkValue(value, nullable.ofType, field, coordinate, issues);
    if (value.length > INPUT_LIMITS.listItems) return issues.add(field, `must have at most ${INPUT_LIMITS.listItems} items`);
    value.forEach((item, i) => checkValue(item, nullable.ofType, `${field}.${i}`, coordinate, issues));
    return;
  }
  if (isInputObjectType(nullable)) {
    const fields = nullable.getFields();
    for (const [name, item] of Object.entries(value as Record<string, unknown>)) {
      const def = fields[name];
      if (def) checkValue(item, def.type, `${field}.${name}`, `${nullable.name}.${name}`, issues);
    }
    return;
  }
  if (!isScalarType(nullable)) return; // enums: graphql-js has already matched them against their values
  if (nullable.name === 'JSON') return checkJson(value, field, 0, issues);
  if (typeof value !== 'string') return;
  const max = nullable.name === 'ID' ? INPUT_LIMITS.id : ((coordinate ? LONG_TEXT_LIMITS[coordinate] : undefined) ?? INPUT_LIMITS.string);
  checkText(value, max, field, issues);
}

/**
 * The fields at fault in the arguments of the operation `operationName` of `document` with raw
 * `variables`. Values graphql-js itself cannot coerce are left to it: it reports them on execution.
 */
export function inputLimitIssues(schema: GraphQLSchema, document: DocumentNode, variables: unknown, operationName?: string | null): FieldError[] {
  const operation = getOperationAST(document, operationName);
  if (!operation) return [];
  const issues = new Issues();
  const inputs = variables && typeof variables === 'object' ? (variables as Record<string, unknown>) : {};
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], inputs);
  if (coerced.errors) return [];
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      OperationDefinition: (node) => (node === operation ? undefined : false),
      Field(node) {
        const def = typeInfo.getFieldDef();
        if (!def?.args.length || !node.arguments?.length || issues.full) return;
        let values: Record<string, unknown>;
        try {
          values = getArgumentValues(def, node, coerced.variableValues);
        } catch {
          return; // graphql-js reports the argument it cannot coerce
        }
        const parent = typeInfo.getParentType()?.name;
        for (const arg of def.args as readonly GraphQLArgument[]) {
          checkValue(values[arg.name], arg.type, arg.name, `${parent}.${def.name}(${arg.name}:)`, issues);
        }
      },
    }),
  );
  return issues.found;
}

/** The error a caller gets: the same shape as a service's zod error (`Invalid input — field: message`). */
function limitError(issues: FieldError[]): unknown {
  const summary = issues.map((f) => `${f.field}: ${f.message}`).join('; ');
  return toGraphQLError(inputError(`Invalid input — ${summary}`, issues));
}

/** Refuses operations whose arguments break the bounds, over HTTP and graphql-ws alike, before resolvers run. */
export function useInputLimits(): Plugin {
  const check = (args: { schema: GraphQLSchema; document: DocumentNode; variableValues?: unknown; operationName?: string | null }) => {
    const issues = inputLimitIssues(args.schema, args.document, args.variableValues, args.operationName);
    return issues.length ? { errors: [limitError(issues) as never] } : undefined;
  };
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const refused = check(args);
      if (refused) setResultAndStopExecution(refused);
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const refused = check(args);
      if (refused) setResultAndStopExecution(refused);
    },
  };
}
