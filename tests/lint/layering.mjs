// Tessera's layering rules that ESLint has no built-in rule for.
// A client component ("use client") runs in the browser: importing a server
// module from it either fails the build late (server-only) or, worse, ships
// server code to every visitor. The list names the server side of the tree.

const SERVER_MODULES = [
  /^@\/lib\/data(\/|$)/,
  /^@\/lib\/db$/,
  /^@\/lib\/env$/,
  /^@\/lib\/secrets(\/|$)/,
  /^@\/lib\/auth\/(session|options|password|ticket-policy|credentials|https|same-origin)$/,
  /^@\/lib\/api(\/|$)/,
  /^@\/lib\/server(\/|$)/,
  /^@\/lib\/(log|jobs|drains|version)$/,
  /^@\/lib\/metrics(\/|$)/,
  /^server-only$/,
  /^node:/,
];

const isClientModule = (program) =>
  program.body.some((node) => node.type === "ExpressionStatement" && node.directive === "use client");

/** @type {import("eslint").Rule.RuleModule} */
const noServerImportInClient = {
  meta: {
    type: "problem",
    docs: {
      description:
        'A "use client" module must not import server modules (lib/data, lib/db, lib/auth\'s server parts, …).',
    },
    messages: {
      server:
        '"{{source}}" is a server module; a client component cannot import it. Call a server action (lib/actions) instead.',
    },
    schema: [],
  },
  create(context) {
    let client = false;
    const check = (node) => {
      const source = node.source?.value;
      if (client && typeof source === "string" && SERVER_MODULES.some((pattern) => pattern.test(source)))
        context.report({ node, messageId: "server", data: { source } });
    };
    return {
      Program(program) {
        client = isClientModule(program);
      },
      // Types vanish at build time, so `import type` from the server side is fine.
      ImportDeclaration(node) {
        if (node.importKind !== "type") check(node);
      },
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
    };
  },
};

const layering = { rules: { "no-server-import-in-client": noServerImportInClient } };
export default layering;
