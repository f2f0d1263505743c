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
/// widgets:
///   address-converter:
///     native-domains: [msn.com, outlook.com, live.com, hotmail.com]
///     suffix: msn.com                     # or hotmail.com
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
    public var addressConverter: AddressConverterSettings
    /// Every key of the file, so templates can read settings docgen itself does not use.
    public var values: [String: MetadataValue]

    public init(
        title: String, description: String? = nil, language: String = "en", baseURL: String? = nil,
        allowsRawHTML: Bool = false, addressConverter: AddressConverterSettings = .init(),
        values: [String: MetadataValue] = [:]
    ) {
        self.title = title
        self.description = description
        self.language = language
        self.baseURL = baseURL
        self.allowsRawHTML = allowsRawHTML
        self.addressConverter = addressConverter
        self.values = values
    }
}

/// Settings of the address converter, shared by the Swift rules, the command line and the page widget.
public struct AddressConverterSettings: Sendable, Hashable {
    /// Microsoft's documented default for `-NameDecorationExcludedDomainList`.
    public static let defaultNativeDomains = ["msn.com", "outlook.com", "live.com", "hotmail.com"]
    /// Microsoft's documented routing domain.
    public static let defaultSuffix = "msn.com"
    /// The routing suffixes the converter knows: Microsoft's, and the form the source blog post shows.
    public static let knownSuffixes = ["msn.com", "hotmail.com"]

    /// Domains whose addresses need no decoration, lower case.
    public var nativeDomains: [String]
    /// The domain after the `@` of a decorated address.
    public var suffix: String

    public init(nativeDomains: [String] = AddressConverterSettings.defaultNativeDomains, suffix: String = AddressConverterSettings.defaultSuffix) {
        self.nativeDomains = nativeDomains
        self.suffix = suffix
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
        if let widgets = mapping["widgets"] {
            guard case .mapping(let widgetMapping) = widgets else { throw fail(widgets, "'widgets' must be a mapping") }
            if let converter = widgetMapping["address-converter"] {
                guard case .mapping(let options) = converter else {
                    throw fail(converter, "'address-converter' must be a mapping")
                }
                if let list = options["native-domains"] {
                    guard case .sequence(let items) = list else {
                        throw fail(list, "'native-domains' must be a list of domain names")
                    }
                    var domains: [String] = []
                    for item in items {
                        guard let domain = item.string, !domain.isEmpty, !domain.contains("@"), !domain.contains(" ") else {
                            throw fail(item, "'native-domains' entries must be domain names such as 'outlook.com'")
                        }
                        domains.append(domain.lowercased())
                    }
                    settings.addressConverter.nativeDomains = domains
                }
                if let suffix = try string("suffix", in: options) {
                    let lowered = suffix.lowercased()
                    guard AddressConverterSettings.knownSuffixes.contains(lowered) else {
                        throw fail(options["suffix"], "'suffix' must be one of \(AddressConverterSettings.knownSuffixes.joined(separator: ", "))")
                    }
                    settings.addressConverter.suffix = lowered
                }
            }
        }
        if case .map(let values) = YAMLReader.value(of: root) { settings.values = values }
        return settings
    }
}
