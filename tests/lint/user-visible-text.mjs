// Every word the console shows comes from the message catalogs
// (lib/i18n/messages), so both languages have it. This rule refuses text
// written straight into a component or page: JSX text, string children
// (also the branches of `cond ? "a" : "b"` and `cond && "a"`), and the
// attributes people read or hear (placeholder, title, aria-label, alt, and
// the console's own label/hint/description/... props).

/** Words that stay as they are in every language: product and wire names. */
const UNTRANSLATED = /^(Tessera|SDKAppID|UserID|UserSig|PrivateMapKey|PID|URL|API|SQLite|PostgreSQL|TLS\.[a-z]+)$/;

const SHOWN_ATTRIBUTES = new Set([
  "placeholder",
  "title",
  "alt",
  "aria-label",
  "aria-valuetext",
  "aria-description",
  "label",
  "hint",
  "description",
  "submitLabel",
  "confirmLabel",
  "term",
]);

/** Whether `text` has words to translate (a letter in any script) and is not a name that stays as it is. */
function needsTranslation(text) {
  const trimmed = text.trim();
  return /\p{L}/u.test(trimmed) && !UNTRANSLATED.test(trimmed);
}

function literalTexts(node) {
  if (!node) return [];
  if (node.type === "Literal" && typeof node.value === "string") return [{ node, text: node.value }];
  if (node.type === "TemplateLiteral") return node.quasis.map((quasi) => ({ node, text: quasi.value.cooked ?? "" }));
  if (node.type === "ConditionalExpression") return [...literalTexts(node.consequent), ...literalTexts(node.alternate)];
  if (node.type === "LogicalExpression") return literalTexts(node.right);
  return [];
}

/** @type {import("eslint").Rule.RuleModule} */
const noLiteralText = {
  meta: {
    type: "problem",
    docs: { description: "User-visible text in components and pages comes from the message catalogs." },
    messages: {
      literal:
        'User-visible text "{{text}}" is written into the component; put it in lib/i18n/messages (both languages) and use t().',
    },
    schema: [],
  },
  create(context) {
    const report = (node, text) =>
      context.report({ node, messageId: "literal", data: { text: text.trim().slice(0, 40) } });
    const check = (candidates) => {
      for (const { node, text } of candidates) if (needsTranslation(text)) report(node, text);
    };
    return {
      JSXText(node) {
        if (needsTranslation(node.value)) report(node, node.value);
      },
      JSXExpressionContainer(node) {
        if (node.parent.type === "JSXElement" || node.parent.type === "JSXFragment")
          check(literalTexts(node.expression));
      },
      JSXAttribute(node) {
        const name = node.name.type === "JSXIdentifier" ? node.name.name : null;
        if (!name || !SHOWN_ATTRIBUTES.has(name) || !node.value) return;
        check(
          node.value.type === "JSXExpressionContainer" ? literalTexts(node.value.expression) : literalTexts(node.value),
        );
      },
    };
  },
};

const userVisibleText = { rules: { "no-literal-text": noLiteralText } };

export default userVisibleText;
