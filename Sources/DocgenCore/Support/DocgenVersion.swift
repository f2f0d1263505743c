/// Versions printed by `docgen --version`.
public enum DocgenVersion {
    public static let current = "0.1.0"
    public static var libcmark: String { MarkdownDocument.libcmarkVersion }
}
