import DocgenCore
import Foundation

/// One thing wrong with (or worth knowing about) a request's field.
///
/// The page's script receives ``Kind/template`` for every kind and fills in the same placeholders,
/// so the browser shows the same sentences the command line prints.
public struct RequestProblem: Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable { case error, warning }

    public enum Kind: String, Sendable, CaseIterable {
        case required
        case noDomain = "no-domain"
        case tooShort = "too-short"
        case tooLong = "too-long"
        case controlCharacter = "control-character"
        case agreementNumberCharacters = "agreement-number-characters"
        case unknownChoice = "unknown-choice"
        case skypeMissing = "skype-missing"
        case networkEnded = "network-ended"
        case scheme
        case path
        case ipAddress = "ip-address"
        case port
        case wildcard
        case space
        case nonASCII = "non-ascii"
        case hostTooLong = "host-too-long"
        case emptyLabel = "empty-label"
        case singleLabel = "single-label"
        case labelTooLong = "label-too-long"
        case hostCharacters = "host-characters"
        case hyphenEdge = "hyphen-edge"
        case numericTopLabel = "numeric-top-label"
        case duplicateDomain = "duplicate-domain"
        case domainIsAccessProxy = "domain-is-access-proxy"
        case emailAt = "email-at"
        case emailLocalPart = "email-local-part"
        case emailDomain = "email-domain"
        case emailTooLong = "email-too-long"
        case phoneNotInternational = "phone-not-international"
        case phoneCharacters = "phone-characters"
        case phoneDigits = "phone-digits"
        case dateFormat = "date-format"

        /// The message, with `{label}`, `{value}`, `{min}`, `{max}`, `{count}` and `{choices}` to fill in.
        public var template: String {
            switch self {
            case .required: return "{label} is required"
            case .noDomain: return "enter at least one SIP domain, such as contoso.com"
            case .tooShort: return "{label} must be at least {min} characters long"
            case .tooLong: return "{label} must be at most {max} characters long; it has {count}"
            case .controlCharacter: return "{label} must be one line of text without control characters"
            case .agreementNumberCharacters: return "{label} may contain only letters, digits and hyphens"
            case .unknownChoice: return "'{value}' is not one of {choices}"
            case .skypeMissing: return "select Skype / Windows Live: it is the network that reaches Skype users"
            case .networkEnded: return "federation with {value} ended on 30 June 2014, so Microsoft will not enable it"
            case .scheme: return "'{value}' starts with a scheme such as https:// or sip:; enter the name alone, such as sip.contoso.com"
            case .path: return "'{value}' contains a path (/); enter the name alone, such as sip.contoso.com"
            case .ipAddress: return "'{value}' is an IP address; enter a DNS name, such as sip.contoso.com"
            case .port: return "'{value}' contains a port (:); enter the name without it"
            case .wildcard: return "'{value}' contains a wildcard (*); enter one exact name"
            case .space: return "'{value}' contains a space; a domain name has none"
            case .nonASCII: return "'{value}' contains non-ASCII characters; enter an internationalised name in its xn-- form"
            case .hostTooLong: return "'{value}' is longer than 253 characters"
            case .emptyLabel: return "'{value}' has an empty label: look for two dots in a row or a dot at the start"
            case .singleLabel: return "'{value}' needs at least two labels separated by a dot, such as contoso.com"
            case .labelTooLong: return "'{value}' has a label longer than 63 characters"
            case .hostCharacters: return "'{value}' may contain only letters, digits, hyphens and dots"
            case .hyphenEdge: return "'{value}' has a label that starts or ends with a hyphen"
            case .numericTopLabel: return "'{value}' ends in a label of digits only; the last label must contain a letter"
            case .duplicateDomain: return "'{value}' is listed more than once"
            case .domainIsAccessProxy:
                return "'{value}' is the Access Proxy; enter the domain of your users' SIP addresses, not the Edge server's name"
            case .emailAt: return "'{value}' must contain exactly one @"
            case .emailLocalPart:
                return
                    "the part before @ in '{value}' must be 1 to 64 letters, digits or !#$%&'*+-/=?^_`{|}~ characters, with single dots between them"
            case .emailDomain: return "the part after @ in '{value}' must be a domain name, such as contoso.com"
            case .emailTooLong: return "'{value}' is longer than 254 characters"
            case .phoneNotInternational: return "'{value}' must start with + and the country code, such as +1 425 555 0100"
            case .phoneCharacters: return "'{value}' may contain only digits after the +, with spaces, hyphens, dots or parentheses between them"
            case .phoneDigits: return "'{value}' must have 7 to 15 digits after the +; it has {count}"
            case .dateFormat: return "'{value}' must be a date such as 2013-06-03 or a date and time such as 2013-06-03T09:30:00+10:00"
            }
        }

        /// Every kind is an error except a network that no longer exists: the request is still
        /// well formed (in 2013 those networks worked), so it is composed, with a warning.
        public var severity: Severity { self == .networkEnded ? .warning : .error }
    }

    /// The field's name (its command-line option without dashes).
    public var field: String
    public var kind: Kind
    public var message: String
    public var severity: Severity { kind.severity }

    public init(field: String, kind: Kind, message: String) {
        self.field = field
        self.kind = kind
        self.message = message
    }

    /// `field: error: message`.
    public var description: String { "\(field): \(severity.rawValue): \(message)" }
}

/// What checking an input gives: the request when there is no error, and every problem found.
public struct RequestValidation: Sendable, Hashable {
    public var request: ProvisioningRequest?
    /// Errors and warnings, in field order, then in the order found.
    public var problems: [RequestProblem]

    public var errors: [RequestProblem] { problems.filter { $0.severity == .error } }
    public var warnings: [RequestProblem] { problems.filter { $0.severity == .warning } }
}

extension ProvisioningRequestInput {
    /// Checks every field and reports all problems at once.
    public func validate() -> RequestValidation {
        var problems: [RequestProblem] = []
        func report(_ fieldName: String, _ kind: RequestProblem.Kind, value: String = "", count: Int = 0) {
            let field = RequestField.named(fieldName)
            problems.append(
                RequestProblem(field: fieldName, kind: kind, message: RequestRules.message(kind, field: field, value: value, count: count)))
        }

        let enterpriseName = RequestRules.checkText(enterpriseName, field: RequestField.named("enterprise-name"), report: report)

        let agreementTypeValue = RequestRules.trim(agreementType)
        let agreementType = AgreementType.named(agreementTypeValue)
        if agreementTypeValue.isEmpty {
            report("agreement-type", .required)
        } else if agreementType == nil {
            report("agreement-type", .unknownChoice, value: agreementTypeValue)
        }

        let agreementNumber = RequestRules.trim(agreementNumber)
        let numberField = RequestField.named("agreement-number")
        let numberLength = agreementNumber.unicodeScalars.count
        if agreementNumber.isEmpty {
            report("agreement-number", .required)
        } else if !agreementNumber.unicodeScalars.allSatisfy({ RequestRules.isASCIILetterOrDigit($0) || $0 == "-" }) {
            report("agreement-number", .agreementNumberCharacters, value: agreementNumber)
        } else if numberLength < numberField.minLength ?? 0 {
            report("agreement-number", .tooShort, value: agreementNumber, count: numberLength)
        } else if numberLength > numberField.maxLength ?? Int.max {
            report("agreement-number", .tooLong, value: agreementNumber, count: numberLength)
        }

        let accessProxyValue = RequestRules.trim(accessProxy)
        var accessProxy: String?
        if accessProxyValue.isEmpty {
            report("access-proxy", .required)
        } else {
            switch RequestRules.checkHost(accessProxyValue) {
            case .success(let host): accessProxy = host
            case .failure(let problem): report("access-proxy", problem.kind, value: accessProxyValue)
            }
        }

        var domains: [String] = []
        var domainsValid = true
        for raw in self.domains {
            let value = RequestRules.trim(raw)
            if value.isEmpty { continue }
            switch RequestRules.checkHost(value) {
            case .failure(let problem):
                domainsValid = false
                report("domain", problem.kind, value: value)
            case .success(let host):
                if domains.contains(host) {
                    domainsValid = false
                    report("domain", .duplicateDomain, value: value)
                } else if host == accessProxy {
                    domainsValid = false
                    report("domain", .domainIsAccessProxy, value: value)
                } else {
                    domains.append(host)
                }
            }
        }
        if domains.isEmpty && domainsValid { report("domain", .noDomain) }

        var selected: Set<String> = []
        var networksValid = true
        for raw in networks ?? Self.defaultNetworks {
            let value = RequestRules.trim(raw).lowercased()
            if value.isEmpty { continue }
            if PublicIMNetwork.named(value) == nil {
                networksValid = false
                report("network", .unknownChoice, value: value)
            } else {
                selected.insert(value)
            }
        }
        let networks = PublicIMNetwork.all.filter { selected.contains($0.identifier) }
        if networksValid && !selected.contains(PublicIMNetwork.skype.identifier) { report("network", .skypeMissing) }
        for network in networks where network.ended != nil { report("network", .networkEnded, value: network.label) }

        let contactName = RequestRules.checkText(contactName, field: RequestField.named("contact-name"), report: report)
        let contactEmail = RequestRules.checkEmail(contactEmail, fieldName: "contact-email", required: true, report: report)

        let phoneValue = RequestRules.trim(contactPhone)
        var contactPhone: String?
        if !phoneValue.isEmpty {
            switch RequestRules.checkPhone(phoneValue) {
            case .success(let phone): contactPhone = phone
            case .failure(let failure): report("contact-phone", failure.kind, value: phoneValue, count: failure.digits)
            }
        }

        let to = RequestRules.checkEmail(to, fieldName: "to", required: false, report: report)

        let dateValue = RequestRules.trim(date)
        var date: String?
        if !dateValue.isEmpty {
            date = RequestRules.rfc5322Date(dateValue)
            if date == nil { report("date", .dateFormat, value: dateValue) }
        }

        guard !problems.contains(where: { $0.severity == .error }), let enterpriseName, let agreementType, let accessProxy,
            let contactName, let contactEmail
        else {
            return RequestValidation(request: nil, problems: problems)
        }
        let request = ProvisioningRequest(
            enterpriseName: enterpriseName, agreementType: agreementType, agreementNumber: agreementNumber, accessProxy: accessProxy,
            domains: domains, networks: networks, contactName: contactName, contactEmail: contactEmail, contactPhone: contactPhone,
            to: to, date: date)
        return RequestValidation(request: request, problems: problems)
    }
}

/// The checks, written scalar by scalar so `request-email.js` can mirror them exactly.
enum RequestRules {
    static func message(_ kind: RequestProblem.Kind, field: RequestField, value: String, count: Int) -> String {
        var text = kind.template
        let choices: String
        switch field.kind {
        case .agreementType: choices = AgreementType.all.map(\.identifier).joined(separator: ", ")
        case .networks: choices = PublicIMNetwork.all.map(\.identifier).joined(separator: ", ")
        default: choices = ""
        }
        // {value} last, so text typed by the user is never searched for placeholders.
        for (placeholder, replacement) in [
            ("{label}", field.label), ("{min}", String(field.minLength ?? 0)), ("{max}", String(field.maxLength ?? 0)),
            ("{count}", String(count)), ("{choices}", choices), ("{value}", value),
        ] {
            text = text.replacingOccurrences(of: placeholder, with: replacement)
        }
        return text
    }

    static func isASCIIWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || (0x09...0x0D).contains(scalar.value)
    }

    /// Line breaks and other control characters would break the email's headers and lines.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0x2028 || scalar.value == 0x2029
    }

    static func isASCIILetterOrDigit(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
    }

    static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }

    /// Removes ASCII white space at both ends (not Unicode spaces, which JavaScript's `trim` would also remove).
    static func trim(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        guard let first = scalars.firstIndex(where: { !isASCIIWhitespace($0) }),
            let last = scalars.lastIndex(where: { !isASCIIWhitespace($0) })
        else { return "" }
        var result = String.UnicodeScalarView()
        result.append(contentsOf: scalars[first...last])
        return String(result)
    }

    /// Trims, refuses control characters, collapses runs of spaces and checks the length.
    static func checkText(
        _ raw: String, field: RequestField, report: (String, RequestProblem.Kind, String, Int) -> Void
    ) -> String? {
        let trimmed = trim(raw)
        if trimmed.isEmpty {
            report(field.name, .required, "", 0)
            return nil
        }
        if trimmed.unicodeScalars.contains(where: isControl) {
            report(field.name, .controlCharacter, trimmed, 0)
            return nil
        }
        var collapsed = String.UnicodeScalarView()
        for scalar in trimmed.unicodeScalars where !(scalar == " " && collapsed.last == " ") {
            collapsed.append(scalar)
        }
        let text = String(collapsed)
        let length = text.unicodeScalars.count
        if let max = field.maxLength, length > max {
            report(field.name, .tooLong, text, length)
            return nil
        }
        return text
    }

    /// Checks a fully qualified domain name and returns it in lower case without a trailing dot.
    /// The first problem found is the one reported: one clear message per value.
    static func checkHost(_ value: String) -> Result<String, HostProblem> {
        let scalars = Array(value.unicodeScalars)
        let colons = scalars.filter { $0 == ":" }.count
        if containsScalars(scalars, "://") || startsWithScheme(scalars) { return .failure(HostProblem(.scheme)) }
        if scalars.contains("/") { return .failure(HostProblem(.path)) }
        if scalars.first == "[" || colons >= 2 { return .failure(HostProblem(.ipAddress)) }
        if colons == 1 { return .failure(HostProblem(.port)) }
        if isIPv4(value) { return .failure(HostProblem(.ipAddress)) }
        if scalars.contains("*") { return .failure(HostProblem(.wildcard)) }
        if scalars.contains(where: isASCIIWhitespace) { return .failure(HostProblem(.space)) }
        if !scalars.allSatisfy(\.isASCII) { return .failure(HostProblem(.nonASCII)) }
        var host = value.lowercased()
        if host.hasSuffix(".") { host.removeLast() }
        if host.utf8.count > 253 { return .failure(HostProblem(.hostTooLong)) }
        let labels = split(host, at: ".")
        if labels.contains(where: \.isEmpty) { return .failure(HostProblem(.emptyLabel)) }
        if labels.count < 2 { return .failure(HostProblem(.singleLabel)) }
        if labels.contains(where: { $0.utf8.count > 63 }) { return .failure(HostProblem(.labelTooLong)) }
        if !labels.allSatisfy({ $0.unicodeScalars.allSatisfy { isASCIILetterOrDigit($0) || $0 == "-" } }) {
            return .failure(HostProblem(.hostCharacters))
        }
        if labels.contains(where: { $0.hasPrefix("-") || $0.hasSuffix("-") }) { return .failure(HostProblem(.hyphenEdge)) }
        if let top = labels.last, top.unicodeScalars.allSatisfy(isDigit) { return .failure(HostProblem(.numericTopLabel)) }
        return .success(host)
    }

    struct HostProblem: Error {
        var kind: RequestProblem.Kind
        init(_ kind: RequestProblem.Kind) { self.kind = kind }
    }

    /// Splits at every `separator` scalar, keeping empty pieces (Swift's `split` on `String` works on
    /// grapheme clusters, JavaScript's on code units; scalars agree with both for these ASCII separators).
    static func split(_ text: String, at separator: Unicode.Scalar) -> [String] {
        var pieces: [String] = []
        var current = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar == separator {
                pieces.append(String(current))
                current = String.UnicodeScalarView()
            } else {
                current.append(scalar)
            }
        }
        pieces.append(String(current))
        return pieces
    }

    private static func containsScalars(_ scalars: [Unicode.Scalar], _ needle: String) -> Bool {
        let pattern = Array(needle.unicodeScalars)
        guard scalars.count >= pattern.count else { return false }
        return (0...(scalars.count - pattern.count)).contains { Array(scalars[$0..<$0 + pattern.count]) == pattern }
    }

    /// `sip:name`, `mailto:x`: letters, then letters, digits, `+`, `-` or `.`, then a colon not followed by a digit
    /// (a digit after the colon reads as a port).
    private static func startsWithScheme(_ scalars: [Unicode.Scalar]) -> Bool {
        guard let first = scalars.first, ("a"..."z").contains(first) || ("A"..."Z").contains(first) else { return false }
        var index = 1
        while index < scalars.count, isASCIILetterOrDigit(scalars[index]) || "+-.".unicodeScalars.contains(scalars[index]) {
            index += 1
        }
        guard index < scalars.count, scalars[index] == ":" else { return false }
        return index + 1 >= scalars.count || !isDigit(scalars[index + 1])
    }

    private static func isIPv4(_ value: String) -> Bool {
        let parts = split(value, at: ".")
        return parts.count == 4 && parts.allSatisfy { (1...3).contains($0.count) && $0.unicodeScalars.allSatisfy(isDigit) }
    }

    /// Characters RFC 5322 allows in a dot-atom, besides letters and digits.
    static let emailSymbols = Set("!#$%&'*+-/=?^_`{|}~".unicodeScalars)

    /// Checks a mailbox (`local@domain`) and returns it with the domain in lower case.
    static func checkEmail(
        _ raw: String, fieldName: String, required: Bool, report: (String, RequestProblem.Kind, String, Int) -> Void
    ) -> String? {
        let value = trim(raw)
        if value.isEmpty {
            if required { report(fieldName, .required, "", 0) }
            return nil
        }
        if value.unicodeScalars.count > 254 {
            report(fieldName, .emailTooLong, value, 0)
            return nil
        }
        let parts = split(value, at: "@")
        guard parts.count == 2 else {
            report(fieldName, .emailAt, value, 0)
            return nil
        }
        let local = parts[0]
        let atoms = split(local, at: ".")
        let localValid =
            !local.isEmpty && local.unicodeScalars.count <= 64
            && atoms.allSatisfy { atom in
                !atom.isEmpty && atom.unicodeScalars.allSatisfy { isASCIILetterOrDigit($0) || emailSymbols.contains($0) }
            }
        if !localValid {
            report(fieldName, .emailLocalPart, value, 0)
            return nil
        }
        guard case .success(let domain) = checkHost(parts[1]) else {
            report(fieldName, .emailDomain, value, 0)
            return nil
        }
        return "\(local)@\(domain)"
    }

    struct PhoneProblem: Error {
        var kind: RequestProblem.Kind
        var digits: Int
    }

    /// Accepts `+` then digits with spaces, hyphens, dots and parentheses between them; returns `+` and the digits.
    static func checkPhone(_ value: String) -> Result<String, PhoneProblem> {
        guard value.unicodeScalars.first == "+" else { return .failure(PhoneProblem(kind: .phoneNotInternational, digits: 0)) }
        let rest = value.unicodeScalars.dropFirst()
        guard rest.allSatisfy({ isDigit($0) || " -.()".unicodeScalars.contains($0) }) else {
            return .failure(PhoneProblem(kind: .phoneCharacters, digits: 0))
        }
        let digits = String(String.UnicodeScalarView(rest.filter(isDigit)))
        guard (7...15).contains(digits.count) else { return .failure(PhoneProblem(kind: .phoneDigits, digits: digits.count)) }
        return .success("+" + digits)
    }

    /// `2013-06-03` or `2013-06-03T09:30[:00](Z|±hh:mm)` as an RFC 5322 date-time; `nil` when it is neither.
    static func rfc5322Date(_ value: String) -> String? {
        let s = Array(value.unicodeScalars)
        func number(_ from: Int, _ length: Int) -> Int? {
            guard from + length <= s.count, s[from..<from + length].allSatisfy(isDigit) else { return nil }
            return s[from..<from + length].reduce(0) { $0 * 10 + Int($1.value - 48) }
        }
        func at(_ index: Int, _ character: Unicode.Scalar) -> Bool { index < s.count && s[index] == character }
        guard let year = number(0, 4), at(4, "-"), let month = number(5, 2), at(7, "-"), let day = number(8, 2) else {
            return nil
        }
        var hour = 0, minute = 0, second = 0, offsetSign = "+", offsetHour = 0, offsetMinute = 0
        var index = 10
        if s.count > 10 {
            guard at(10, "T"), let h = number(11, 2), at(13, ":"), let m = number(14, 2) else { return nil }
            hour = h
            minute = m
            index = 16
            if at(16, ":") {
                guard let sec = number(17, 2) else { return nil }
                second = sec
                index = 19
            }
            if at(index, "Z") {
                index += 1
            } else if at(index, "+") || at(index, "-") {
                offsetSign = at(index, "+") ? "+" : "-"
                guard let oh = number(index + 1, 2), at(index + 3, ":"), let om = number(index + 4, 2) else { return nil }
                offsetHour = oh
                offsetMinute = om
                index += 6
            } else {
                return nil
            }
        }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let monthDays = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard index == s.count, year >= 1900, (1...12).contains(month), (1...monthDays[month - 1]).contains(day), hour <= 23,
            minute <= 59, second <= 59, offsetHour <= 23, offsetMinute <= 59
        else { return nil }
        // Sakamoto's day-of-week method: 0 is Sunday.
        let t = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4]
        let y = month < 3 ? year - 1 : year
        let weekday = (y + y / 4 - y / 100 + y / 400 + t[month - 1] + day) % 7
        let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }
        return "\(weekdays[weekday]), \(two(day)) \(months[month - 1]) \(year) \(two(hour)):\(two(minute)):\(two(second)) "
            + "\(offsetSign)\(two(offsetHour))\(two(offsetMinute))"
    }
}
