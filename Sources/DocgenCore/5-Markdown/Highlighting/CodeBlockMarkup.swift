/// The markup of a fenced or indented code block: a focusable, labelled `<pre>` that scrolls
/// sideways, holding the code highlighted when docgen knows its language (as plain text when not).
enum CodeBlockMarkup {
    /// `language` is the first word of the fence's info string (empty when there is none).
    static func render(language: String, code: String) -> String {
        let known = language.isEmpty ? nil : SyntaxHighlighter.language(named: language)
        // aria-label needs a role on a <pre> (its implicit role, generic, may not be named): a group.
        let label = known.map { "\($0.name) code" } ?? "Code"
        var markup = HTML("<pre class=\"code\" tabindex=\"0\" role=\"group\" aria-label=\"\(label)\">")
        if let known {
            markup.append("<code class=\"language-\(known.id)\">")
        } else if !language.isEmpty {
            markup.append("<code class=\"language-\(language)\">")
        } else {
            markup.append("<code>")
        }
        markup.append(SyntaxHighlighter.highlight(code, in: known ?? .plainText))
        markup.append("</code></pre>")
        return markup.string
    }
}
