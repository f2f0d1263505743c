// JavaScript: keywords, strings and template literals, numbers, comments, calls.
extension HighlightLanguage {
    static let javaScript = HighlightLanguage(
        id: "javascript", name: "JavaScript", aliases: ["javascript", "js", "mjs", "cjs", "jsx", "node"],
        lex: { $0.lexCode(JavaScriptSyntax.syntax) })
}

enum JavaScriptSyntax {
    static let syntax = CodeSyntax(
        lineComments: [Array("//".utf8)],
        blockComments: [(Array("/*".utf8), Array("*/".utf8), false)],
        strings: [StringSyntax("\""), StringSyntax("'"), StringSyntax("`", multiline: true)],
        keywords: WordTable(
            """
            async await break case catch class const continue debugger default delete do else export extends finally for from
            function get if import in instanceof let new of return set static super switch this throw try typeof var void while
            with yield
            """),
        literals: WordTable("true false null undefined NaN Infinity"),
        capitalizedWordsAreTypes: true,
        declarations: CodeSyntax.declarations([("function", .function), ("class", .type), ("extends", .type)]),
        extraWordBytes: Array("$".utf8))
}
