/// How docgen reads Markdown: CommonMark through libcmark, plus GitHub's extensions, each of which
/// can be turned off in `site.yml` under `markdown:`.
public struct MarkdownSettings: Sendable, Hashable {
    /// Curly quotes, dashes and ellipses (libcmark's smart punctuation).
    public var smartPunctuation = true
    /// GitHub pipe tables.
    public var tables = true
    /// `[ ]` and `[x]` at the start of a list item become checkboxes.
    public var taskLists = true
    /// `~~text~~` (and `~text~`) becomes `<del>`.
    public var strikethrough = true
    /// Bare `www.`, `http://`, `https://`, `ftp://` addresses and e-mail addresses become links.
    public var autolinks = true
    /// `[^label]` references with `[^label]: text` definitions.
    public var footnotes = true
    /// GitHub alerts: a block quote starting with `[!NOTE]`, `[!TIP]`, `[!IMPORTANT]`, `[!WARNING]` or `[!CAUTION]`.
    public var callouts = true

    public init() {}

    /// Plain CommonMark, as libcmark renders it without options.
    public static let commonMark: MarkdownSettings = {
        var settings = MarkdownSettings()
        settings.smartPunctuation = false
        settings.tables = false
        settings.taskLists = false
        settings.strikethrough = false
        settings.autolinks = false
        settings.footnotes = false
        settings.callouts = false
        return settings
    }()

    /// The `site.yml` keys under `markdown:`, with the setting each one controls.
    nonisolated(unsafe) static let keys: [(key: String, path: WritableKeyPath<MarkdownSettings, Bool>)] = [
        ("smart-punctuation", \.smartPunctuation), ("tables", \.tables), ("task-lists", \.taskLists),
        ("strikethrough", \.strikethrough), ("autolinks", \.autolinks), ("footnotes", \.footnotes), ("callouts", \.callouts),
    ]
}
