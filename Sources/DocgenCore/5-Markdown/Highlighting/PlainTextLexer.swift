// Plain text: known, so it gets a readable label, but has no tokens.
extension HighlightLanguage {
    static let plainText = HighlightLanguage(
        id: "text", name: "Text", aliases: ["text", "plaintext", "plain", "txt", "output", "log"], lex: { _ in })
}
