// Stage 1, settings. In: the text of `site.yml`. Out: `SiteSettings` (title, language, base URL, raw HTML)
// and each widget's own section as a `SettingsNode`, which the widget reads itself. Every problem points at its
// line and column.

import Foundation
import Yams

/// Site-wide settings, read from `Content/site.yml`.
///
/// ```yaml
/// title: Lync to Skype federation        # required
/// description: One sentence for search engines and link previews.
/// language: en                            # the pages' lang attribute; default en
/// base-url: https://example.org/guide/    # optional; enables sitemap.xml and canonical links
/// raw-html: false                         # true keeps raw HTML written in Markdown
/// markdown:                               # each GitHub extension and smart punctuation; all on by default
///   tables: false
/// search: false                           # no search box or index (search.html, the list of pages, stays)
/// widgets:                               # each widget reads its own section
///   address-converter:
///     suffix: msn.com
/// ```
public struct SiteSettings: Sendable, Hashable {
    /// The name of the settings file inside the content folder.
    public static let fileName = "site.yml"

    public var title: String
    public var description: String?
    public var language: String
    /// Absolute URL the site is published at, ending in `/`; `nil` for sites meant to work anywhere.
    public var baseURL: String?
    /// Keep raw HTML from Markdown instead of omitting it.
    public var allowsRawHTML: Bool
    /// Each widget's own section of `widgets:`, by widget name; the widget reads and checks it.
    public var widgetSections: [String: SettingsNode]
    /// Smart punctuation and the GitHub extensions, from the `markdown` section.
    public var markdown: MarkdownSettings
    /// Every key of the file, so templates can read settings docgen itself does not use.
    public var values: [String: MetadataValue]
    /// Build the search index and show the search box (`search: false` turns both off).
    public var searchEnabled = true
    /// `updated: 2026-12-03`: the date the content is current as of, printed on the cover of `print.html`.
    /// Read from the file, never from the clock, so a build is the same every day.
    public var updated: String? = nil

    public init(
        title: String, description: String? = nil, language: String = "en", baseURL: String? = nil,
        allowsRawHTML: Bool = false, markdown: MarkdownSettings = .init(), widgetSections: [String: SettingsNode] = [:],
        values: [String: MetadataValue] = [:]
    ) {
        self.markdown = markdown
        self.title = title
        self.description = description
        self.language = language
        self.baseURL = baseURL
        self.allowsRawHTML = allowsRawHTML
        self.widgetSections = widgetSections
        self.values = values
    }
}

extension SiteSettings {
    /// Reads and checks the settings file; `path` is used in messages.
    public static func parse(_ text: String, path: String) throws(Diagnostic) -> SiteSettings {
        func fail(_ node: Node?, _ message: String) -> Diagnostic {
            let location = node.map { YAMLReader.location(of: $0, path: path, firstLine: 1) } ?? SourceLocation(path: path, line: 1, column: 1)
            return .error(.settings, at: location, message)
        }
        guard
            let root = try YAMLReader.parse(
                text, path: path, firstLine: 1, stage: .settings, byteLimit: YAMLReader.settingsByteLimit, what: "the settings file")
        else {
            throw fail(nil, "the settings file is empty; it needs at least 'title'")
        }
        guard case .mapping(let mapping) = root else {
            throw fail(root, "the settings file must be a mapping of keys to values")
        }
        func string(_ key: String, in mapping: Node.Mapping) throws(Diagnostic) -> String? {
            guard let node = mapping[key] else { return nil }
            guard case .scalar(let scalar) = node, YAMLReader.value(of: node) != .null else {
                throw fail(node, "'\(key)' must be text, not \(YAMLReader.typeName(of: node))")
            }
            return scalar.string
        }
        guard let title = try string("title", in: mapping), !title.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw fail(mapping["title"] ?? root, "'title' is required in \(SiteSettings.fileName)")
        }
        var settings = SiteSettings(title: title)
        settings.description = try string("description", in: mapping)
        if let language = try string("language", in: mapping) {
            guard !language.isEmpty, language.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else {
                throw fail(mapping["language"], "'language' must be a language tag such as 'en' or 'en-GB'")
            }
            settings.language = language
        }
        if let baseURL = try string("base-url", in: mapping) {
            guard baseURL.hasPrefix("https://") || baseURL.hasPrefix("http://") else {
                throw fail(mapping["base-url"], "'base-url' must be an absolute http or https URL")
            }
            settings.baseURL = baseURL.hasSuffix("/") ? baseURL : baseURL + "/"
        }
        if let node = mapping["raw-html"] {
            guard let value = node.bool else { throw fail(node, "'raw-html' must be true or false") }
            settings.allowsRawHTML = value
        }
        if let section = mapping["markdown"] {
            guard case .mapping(let options) = section else {
                throw fail(section, "'markdown' must be a mapping such as 'markdown: { tables: false }'")
            }
            let known = MarkdownSettings.keys.map(\.key)
            for (keyNode, valueNode) in options {
                guard let key = keyNode.string, let path = MarkdownSettings.keys.first(where: { $0.key == key })?.path else {
                    throw fail(
                        keyNode, "unknown 'markdown' setting '\(keyNode.string ?? "")'; known: \(known.map { "'\($0)'" }.joined(separator: ", "))")
                }
                guard let value = valueNode.bool else {
                    throw fail(valueNode, "'markdown.\(key)' must be true or false, not \(YAMLReader.typeName(of: valueNode))")
                }
                settings.markdown[keyPath: path] = value
            }
        }
        if let node = mapping["search"] {
            guard let value = node.bool else { throw fail(node, "'search' must be true or false") }
            settings.searchEnabled = value
        }
        if let node = mapping["updated"] {
            guard case .scalar(let scalar) = node, Self.isCalendarDate(scalar.string) else {
                throw fail(node, "'updated' must be a date written as YYYY-MM-DD, such as 2026-12-03")
            }
            settings.updated = scalar.string
        }
        if let widgets = mapping["widgets"], YAMLReader.value(of: widgets) != .null {
            guard case .mapping(let widgetMapping) = widgets else { throw fail(widgets, "'widgets' must be a mapping") }
            for (key, section) in widgetMapping {
                guard let name = key.string else { throw fail(key, "widget names must be text") }
                settings.widgetSections[name] = SettingsNode(section, path: path, firstLine: 1)
            }
        }
        if case .map(let values) = YAMLReader.value(of: root) { settings.values = values }
        return settings
    }

    /// `YYYY-MM-DD` naming a day that exists (2026-02-29 does not).
    static func isCalendarDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]), (1...12).contains(month)
        else { return false }
        let isLeap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, isLeap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return (1...days[month - 1]).contains(day)
    }
}
