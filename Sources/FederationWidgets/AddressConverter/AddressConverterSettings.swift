import DocgenCore

/// Settings of the address converter, shared by the Swift rules, the command line and the page widget.
///
/// Read from the widget's own section of `site.yml`:
///
/// ```yaml
/// widgets:
///   address-converter:
///     native-domains: [msn.com, outlook.com, live.com, hotmail.com]
///     suffix: msn.com                     # or hotmail.com
/// ```
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

    /// Reads the widget's section of `site.yml`; problems point at the value's line and column.
    public init(section: SettingsNode) throws(Diagnostic) {
        self.init()
        guard section.isMapping || section.value == .null else {
            throw section.error("'address-converter' must be a mapping")
        }
        try section.rejectUnknownKeys(["native-domains", "suffix"], in: "the settings of widget 'address-converter'")
        if let list = section["native-domains"] {
            guard let items = list.items else { throw list.error("'native-domains' must be a list of domain names") }
            var domains: [String] = []
            for item in items {
                guard let domain = item.text, !domain.isEmpty, !domain.contains("@"), !domain.contains(" ") else {
                    throw item.error("'native-domains' entries must be domain names such as 'outlook.com'")
                }
                domains.append(domain.lowercased())
            }
            nativeDomains = domains
        }
        if let suffix = try section.string("suffix") {
            let lowered = suffix.lowercased()
            guard Self.knownSuffixes.contains(lowered) else {
                throw section["suffix"].map { $0.error("'suffix' must be one of \(Self.knownSuffixes.joined(separator: ", "))") }
                    ?? section.error("'suffix' must be one of \(Self.knownSuffixes.joined(separator: ", "))")
            }
            self.suffix = lowered
        }
    }
}
