import DocgenCore
import Foundation

/// Converts a Microsoft-account (MSA) address to the address a Lync user types to add that person as a
/// Skype contact, and back.
///
/// An MSA on a native Microsoft domain (settings: `msn.com`, `outlook.com`, `live.com`, `hotmail.com` by
/// default) is typed as it is; any other is decorated as `user(domain)@msn.com`. The rules, in the order
/// they are checked (the page's script, `Resources/widgets/address-converter.js`, applies the same rules
/// in the same order, and `Tests/FederationWidgetsTests/Vectors/address-converter.json` holds both to it):
///
/// 1. Surrounding whitespace is trimmed and one `sip:` prefix (any case) is dropped.
/// 2. The rest must be non-empty, hold no whitespace and exactly one `@`, with text on both sides.
/// 3. Parentheses are accepted only in the decorated form `user(domain)@suffix`, whose suffix is
///    `msn.com` or `hotmail.com` (the source blog post's form). Decorated input is kept as it is, with
///    the domains in lower case; decorated for the other suffix, it is rewritten for the chosen one.
///    Wrapping a native domain (`x(hotmail.com)@msn.com`) is refused as a likely mistake.
/// 4. The user part is kept exactly as typed, but may only hold characters that are valid both in an
///    email address and, unescaped, in a SIP URI: ASCII letters, digits and `. _ - + ! $ & ' * / = ? ~`;
///    no leading, trailing or doubled dot; at most 64 characters.
/// 5. The domain is lower-cased; it needs at least two labels of letters, digits and hyphens (no hyphen
///    at either end, at most 63 characters each), must not end in a numeric label (an IP address), and
///    is at most 253 characters long.
/// 6. Native domains match exactly: `mail.hotmail.com` is not native and is decorated.
///
/// **Internationalised domains are converted, not rejected.** A SIP URI cannot carry raw Unicode, and
/// Lync routes by the DNS name, so each label holding non-ASCII characters becomes its IDNA A-label:
/// full stops `。．｡` separate labels, each character is lower-cased on its own, the label is put in
/// Unicode normalisation form C, and then encoded with Punycode (RFC 3492) behind `xn--`. So
/// `bob@Bücher.de` becomes `bob(xn--bcher-kva.de)@msn.com`. Non-ASCII characters must be letters, marks
/// or digits; the rest of IDNA 2008 (its per-code-point tables, bidirectional and contextual rules) is
/// not applied, so a label it would refuse can still be converted. The user part stays ASCII-only.
public struct AddressConverter: Sendable {
    /// Which way to convert.
    public enum Mode: String, Sendable, Hashable, CaseIterable {
        /// Microsoft-account address → Lync contact address.
        case encode
        /// Lync contact address → Microsoft-account address.
        case decode
    }

    public var settings: AddressConverterSettings

    public init(settings: AddressConverterSettings = AddressConverterSettings()) {
        self.settings = settings
    }

    /// The address a Lync user types for the Microsoft account `input`.
    public func encode(_ input: String) throws(AddressConversionError) -> AddressConversion {
        let parsed = try parse(input)
        switch parsed {
        case .plain(let user, let domain):
            if isNative(domain.ascii) {
                return AddressConversion(
                    output: "\(user)@\(domain.ascii)", status: .native,
                    explanation: nativeExplanation(domain) + " Nothing to convert.")
            }
            return AddressConversion(
                output: decorate(user, domain.ascii, suffix), status: .decorated,
                explanation: "\(domain.ascii) is not a Microsoft domain, so it goes in parentheses before @\(suffix)."
                    + internationalNote(domain))
        case .decorated(let user, let inner, let routing):
            let output = decorate(user, inner.ascii, suffix)
            if routing == suffix {
                return AddressConversion(
                    output: output, status: .alreadyDecorated,
                    explanation: "Already in the decorated form for @\(suffix). Nothing to convert."
                        + internationalNote(inner))
            }
            return AddressConversion(
                output: output, status: .redecorated,
                explanation: "Decorated for @\(routing); rewritten with the @\(suffix) suffix."
                    + internationalNote(inner))
        }
    }

    /// The Microsoft account behind the Lync contact address `input`. Both routing suffixes are
    /// accepted, whatever the settings choose for encoding.
    public func decode(_ input: String) throws(AddressConversionError) -> AddressConversion {
        let parsed = try parse(input)
        switch parsed {
        case .plain(let user, let domain):
            guard isNative(domain.ascii) else {
                throw AddressConversionError(
                    .notDecorated,
                    "'\(Self.cleaned(input))' is not in the decorated form user(domain)@\(suffix), so there is nothing to decode.")
            }
            return AddressConversion(
                output: "\(user)@\(domain.ascii)", status: .native,
                explanation: nativeExplanation(domain) + " It already is the Microsoft-account address.")
        case .decorated(let user, let inner, _):
            return AddressConversion(
                output: "\(user)@\(inner.ascii)", status: .decoded,
                explanation: "Decoded: the domain inside the parentheses goes back after the @."
                    + internationalNote(inner))
        }
    }

    /// Why `input` cannot be encoded, or `nil` when it can.
    public func validate(_ input: String) -> AddressConversionError? {
        do throws(AddressConversionError) {
            _ = try encode(input)
            return nil
        } catch {
            return error
        }
    }

    /// Converts `input` and keeps the outcome, success or rejection, as a value.
    public func convert(_ input: String, mode: Mode) -> AddressConversionResult {
        do throws(AddressConversionError) {
            let conversion = mode == .encode ? try encode(input) : try decode(input)
            return AddressConversionResult(input: input, outcome: .success(conversion))
        } catch {
            return AddressConversionResult(input: input, outcome: .failure(error))
        }
    }

    /// Whether a line of batch input holds nothing but whitespace, and is skipped rather than rejected.
    public static func isBlank(_ line: String) -> Bool {
        line.unicodeScalars.allSatisfy(\.isAddressWhitespace)
    }

    // MARK: - Rules

    /// The routing domain for encoding, lower case.
    var suffix: String { settings.suffix.lowercased() }

    /// Suffixes recognised in decorated input: both known ones, plus whatever the settings chose.
    var decoratedSuffixes: Set<String> {
        Set(AddressConverterSettings.knownSuffixes).union([suffix])
    }

    func isNative(_ asciiDomain: String) -> Bool {
        settings.nativeDomains.contains { $0.lowercased() == asciiDomain }
    }

    private func decorate(_ user: String, _ domain: String, _ suffix: String) -> String {
        "\(user)(\(domain))@\(suffix)"
    }

    private func nativeExplanation(_ domain: Domain) -> String {
        "\(domain.ascii) is a native Microsoft domain."
    }

    private func internationalNote(_ domain: Domain) -> String {
        domain.wasInternational ? " The internationalised domain was written in its ASCII (punycode) form." : ""
    }

    /// A checked domain: its DNS form, and whether any label had to be converted to an A-label.
    struct Domain: Hashable {
        var ascii: String
        var wasInternational: Bool
    }

    enum ParsedAddress: Hashable {
        case plain(user: String, domain: Domain)
        case decorated(user: String, inner: Domain, routing: String)
    }

    func parse(_ input: String) throws(AddressConversionError) -> ParsedAddress {
        let text = Self.cleaned(input)
        guard !text.isEmpty else {
            throw AddressConversionError(.empty, "The address is empty; enter one such as bob@contoso.com.")
        }
        if text.unicodeScalars.contains(where: \.isAddressWhitespace) {
            throw AddressConversionError(.containsWhitespace, "'\(text)' contains whitespace, which an address cannot hold.")
        }
        let atCount = text.unicodeScalars.filter { $0 == "@" }.count
        if atCount == 0 {
            throw AddressConversionError(.missingAt, "'\(text)' has no @; an address looks like user@domain.")
        }
        if atCount > 1 {
            throw AddressConversionError(.multipleAt, "'\(text)' has \(atCount) @ signs; an address has exactly one.")
        }
        let parts = text.splitScalars(on: "@")
        let user = parts[0], domainText = parts[1]
        if user.isEmpty {
            throw AddressConversionError(.emptyLocalPart, "'\(text)' has nothing before the @.")
        }
        if domainText.isEmpty {
            throw AddressConversionError(.emptyDomain, "'\(text)' has nothing after the @.")
        }
        if user.containsScalar("(") || user.containsScalar(")") {
            let routing = Self.normalisedDomainText(domainText)
            if decoratedSuffixes.contains(routing), let (innerUser, innerDomain) = Self.splitDecoration(user) {
                if innerUser.isEmpty {
                    throw AddressConversionError(.emptyLocalPart, "'\(text)' has nothing before the parentheses.")
                }
                if innerDomain.isEmpty {
                    throw AddressConversionError(.emptyDomain, "'\(text)' has nothing inside the parentheses.")
                }
                try Self.checkUser(innerUser)
                let inner = try Self.checkDomain(innerDomain)
                if isNative(inner.ascii) {
                    throw AddressConversionError(
                        .decoratedNativeDomain,
                        "'\(text)' wraps the native domain \(inner.ascii), which is never decorated; this looks like a mistake, so use \(innerUser)@\(inner.ascii) instead."
                    )
                }
                return .decorated(user: innerUser, inner: inner, routing: routing)
            }
            throw parenthesesReserved(text)
        }
        if domainText.containsScalar("(") || domainText.containsScalar(")") {
            throw parenthesesReserved(text)
        }
        try Self.checkUser(user)
        return .plain(user: user, domain: try Self.checkDomain(domainText))
    }

    private func parenthesesReserved(_ text: String) -> AddressConversionError {
        AddressConversionError(
            .parenthesesReserved,
            "'\(text)' contains parentheses, which are reserved for the decorated form user(domain)@\(suffix).")
    }

    /// The input without surrounding whitespace and without one `sip:` prefix.
    static func cleaned(_ input: String) -> String {
        let scalars = Array(input.trimmingAddressWhitespace().unicodeScalars)
        let prefix = String(String.UnicodeScalarView(scalars.prefix(4)))
        guard prefix.lowercased() == "sip:" else { return String(String.UnicodeScalarView(scalars)) }
        return String(String.UnicodeScalarView(scalars.dropFirst(4)))
    }

    /// `user(domain)` → (`user`, `domain`), when the text has exactly that shape.
    static func splitDecoration(_ text: String) -> (String, String)? {
        let scalars = Array(text.unicodeScalars)
        guard scalars.last == ")",
            scalars.filter({ $0 == "(" }).count == 1, scalars.filter({ $0 == ")" }).count == 1,
            let open = scalars.firstIndex(of: "(")
        else { return nil }
        return (
            String(String.UnicodeScalarView(scalars[..<open])),
            String(String.UnicodeScalarView(scalars[(open + 1)..<(scalars.count - 1)]))
        )
    }

    /// Characters of a user part that are valid in an email address and, unescaped, in a SIP URI.
    static let userPunctuation: Set<Unicode.Scalar> = [".", "_", "-", "+", "!", "$", "&", "'", "*", "/", "=", "?", "~"]
    static let maximumUserLength = 64
    static let maximumLabelLength = 63
    static let maximumDomainLength = 253

    static func checkUser(_ user: String) throws(AddressConversionError) {
        for scalar in user.unicodeScalars {
            let allowed =
                scalar.isASCII
                && (("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
                    || ("0"..."9").contains(scalar) || userPunctuation.contains(scalar))
            if !allowed {
                throw AddressConversionError(
                    .invalidLocalCharacter,
                    "The user part '\(user)' contains \(describe(scalar)), which a Lync contact address cannot carry; use letters, digits and . _ - + ! $ & ' * / = ? ~ only."
                )
            }
        }
        if user.unicodeScalars.first == "." || user.unicodeScalars.last == "." || user.splitScalars(on: ".").dropFirst().dropLast().contains("") {
            throw AddressConversionError(
                .localPartDots, "The user part '\(user)' starts or ends with a dot, or has two dots in a row.")
        }
        let length = user.unicodeScalars.count
        if length > maximumUserLength {
            throw AddressConversionError(
                .localPartTooLong, "The user part is \(length) characters long; the limit is \(maximumUserLength).")
        }
    }

    /// The domain as Lync compares it: label separators unified, each character lower-cased, form NFC.
    static func normalisedDomainText(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\u{3002}", "\u{FF0E}", "\u{FF61}": scalars.append(".")
            default: scalars.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            }
        }
        return String(scalars).precomposedStringWithCanonicalMapping
    }

    static func checkDomain(_ text: String) throws(AddressConversionError) -> Domain {
        let normalised = normalisedDomainText(text)
        // Characters first: for text like `<script>` the character is the useful complaint, not the label count.
        for scalar in normalised.unicodeScalars where scalar != "." && !isDomainCharacter(scalar) {
            throw AddressConversionError(
                .invalidDomainCharacter,
                "The domain '\(text)' contains \(describe(scalar)); a domain label holds only letters, digits and hyphens.")
        }
        let labels = normalised.splitScalars(on: ".")
        if labels.contains(where: \.isEmpty) {
            throw AddressConversionError(
                .emptyLabel, "The domain '\(text)' has an empty label: a dot at the start or end, or two dots in a row.")
        }
        if labels.count < 2 {
            throw AddressConversionError(
                .singleLabelDomain, "The domain '\(text)' needs at least two labels, as in contoso.com.")
        }
        var asciiLabels: [String] = []
        var wasInternational = false
        for label in labels {
            if label.unicodeScalars.first == "-" || label.unicodeScalars.last == "-" {
                throw AddressConversionError(.labelHyphen, "The domain label '\(label)' starts or ends with a hyphen.")
            }
            let scalars = Array(label.unicodeScalars)
            if scalars.count > maximumLabelLength {
                throw AddressConversionError(
                    .labelTooLong,
                    "The domain label '\(label)' is \(scalars.count) characters long; the limit is \(maximumLabelLength).")
            }
            if scalars.allSatisfy(\.isASCII) {
                asciiLabels.append(label)
                continue
            }
            wasInternational = true
            let aLabel = "xn--" + punycodeEncode(scalars)
            if aLabel.count > maximumLabelLength {
                throw AddressConversionError(
                    .labelTooLong,
                    "The domain label '\(label)' becomes '\(aLabel)', \(aLabel.count) characters long; the limit is \(maximumLabelLength).")
            }
            asciiLabels.append(aLabel)
        }
        if let last = asciiLabels.last, last.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }) {
            throw AddressConversionError(
                .ipAddress, "The domain '\(text)' ends in a number, like an IP address; a Microsoft account needs a domain name.")
        }
        let ascii = asciiLabels.joined(separator: ".")
        if ascii.count > maximumDomainLength {
            throw AddressConversionError(
                .domainTooLong, "The domain is \(ascii.count) characters long; the limit is \(maximumDomainLength).")
        }
        return Domain(ascii: ascii, wasInternational: wasInternational)
    }

    /// ASCII letters (already lower case here), digits and hyphens; beyond ASCII, letters, marks and digits.
    static func isDomainCharacter(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            return ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "-"
        }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .letterNumber, .otherNumber:
            return true
        default:
            return false
        }
    }

    /// `'<'` for printable ASCII, `'é' (U+00E9)` beyond it so invisible characters are still named, and
    /// only `U+0007` for control characters, which would garble a terminal.
    static func describe(_ scalar: Unicode.Scalar) -> String {
        if scalar.value >= 0x21 && scalar.value < 0x7F { return "'\(scalar)'" }
        let hex = String(scalar.value, radix: 16, uppercase: true)
        let codePoint = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) { return codePoint }
        return "'\(scalar)' (\(codePoint))"
    }
}

/// A successful conversion.
public struct AddressConversion: Sendable, Hashable {
    /// What the converter did.
    public enum Status: String, Sendable, Hashable {
        /// The domain is native: the address is used as it is.
        case native
        /// A custom domain, decorated as `user(domain)@suffix`.
        case decorated
        /// Already decorated for the chosen suffix.
        case alreadyDecorated = "already-decorated"
        /// Decorated for the other known suffix, rewritten for the chosen one.
        case redecorated
        /// A decorated address turned back into the Microsoft account.
        case decoded
    }

    public var output: String
    public var status: Status
    /// One or two sentences saying why the output is what it is.
    public var explanation: String

    /// Whether the address's domain is one of the native (never decorated) domains.
    public var isNative: Bool { status == .native }
}

/// Why an address was rejected: a stable kind for programs and one specific sentence for people.
public struct AddressConversionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Raw values are stable: the test vectors, `--json` output and the page's script use them.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case empty
        case containsWhitespace = "contains-whitespace"
        case missingAt = "missing-at"
        case multipleAt = "multiple-at"
        case emptyLocalPart = "empty-local-part"
        case emptyDomain = "empty-domain"
        case parenthesesReserved = "parentheses-reserved"
        case decoratedNativeDomain = "decorated-native-domain"
        case invalidLocalCharacter = "invalid-local-character"
        case localPartDots = "local-part-dots"
        case localPartTooLong = "local-part-too-long"
        case emptyLabel = "empty-label"
        case singleLabelDomain = "single-label-domain"
        case invalidDomainCharacter = "invalid-domain-character"
        case labelHyphen = "label-hyphen"
        case labelTooLong = "label-too-long"
        case ipAddress = "ip-address"
        case domainTooLong = "domain-too-long"
        /// Decoding only: a plain address on a custom domain has no decoration to remove.
        case notDecorated = "not-decorated"
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}

/// One input and what became of it, ready to print.
public struct AddressConversionResult: Sendable, Hashable {
    public var input: String
    public var outcome: Result<AddressConversion, AddressConversionError>

    public var output: String? { try? outcome.get().output }
    public var error: AddressConversionError? {
        if case .failure(let error) = outcome { return error }
        return nil
    }
    /// False for rejected input.
    public var isNative: Bool { (try? outcome.get().isNative) ?? false }

    /// `{"error":{"kind":…,"message":…},"input":…,"native":…}` or `{"input":…,"native":…,"output":…}`:
    /// keys sorted, no whitespace, one line.
    public var jsonLine: String {
        var members: [(String, JSONText)] = [("input", .string(input)), ("native", .bool(isNative))]
        switch outcome {
        case .success(let conversion):
            members.append(("output", .string(conversion.output)))
        case .failure(let error):
            members.append(("error", .object([("kind", .string(error.kind.rawValue)), ("message", .string(error.message))])))
        }
        return JSONText.object(members.sorted { $0.0 < $1.0 }).rendered(forHTML: false)
    }

    /// `INPUT: error: message` for rejected input, the form the command line prints on standard error.
    public var errorLine: String? {
        error.map { "\(input): error: \($0.message)" }
    }
}

extension Unicode.Scalar {
    /// Whitespace as the converter sees it: the same fixed list in Swift and in the page's script, rather
    /// than each language's own idea of whitespace, so the two cannot disagree.
    var isAddressWhitespace: Bool {
        switch value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF:
            return true
        default:
            return false
        }
    }
}

extension String {
    // The converter works on Unicode scalars, not Characters, as the page's script works on code points:
    // "@" followed by a combining mark is one Character but still an "@" to both.

    /// The pieces between occurrences of `separator`, empty pieces included.
    func splitScalars(on separator: Unicode.Scalar) -> [String] {
        unicodeScalars.split(separator: separator, omittingEmptySubsequences: false).map { String(String.UnicodeScalarView($0)) }
    }

    func containsScalar(_ scalar: Unicode.Scalar) -> Bool {
        unicodeScalars.contains(scalar)
    }

    /// The text without the converter's whitespace at either end.
    func trimmingAddressWhitespace() -> String {
        let scalars = Array(unicodeScalars)
        guard let first = scalars.firstIndex(where: { !$0.isAddressWhitespace }),
            let last = scalars.lastIndex(where: { !$0.isAddressWhitespace })
        else { return "" }
        return String(String.UnicodeScalarView(scalars[first...last]))
    }
}
