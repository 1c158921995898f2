// Markdown as the site writes it (CommonMark with GFM tables, strikethrough and task lists),
// built from @lezer/markdown directly: @codemirror/lang-markdown would also bundle the HTML,
// CSS and JavaScript languages for code blocks, three times the size of everything else.
import { GFM, parser as commonmark } from "@lezer/markdown";
import { Language, defineLanguageFacet, languageDataProp } from "@codemirror/language";

const data = defineLanguageFacet({ commentTokens: { block: { open: "<!--", close: "-->" } } });
const parser = commonmark.configure([GFM, { props: [languageDataProp.add({ Document: data })] }]);

export const markdownLanguage = new Language(data, parser, [], "markdown");
