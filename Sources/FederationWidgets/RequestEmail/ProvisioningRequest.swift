import DocgenCore

/// The Public IM Connectivity provisioning request an administrator emailed to Microsoft in 2013,
/// described once: the fields (``RequestField/all``) drive validation, the command line's help,
/// the page widget's markup and the email's body, so the page and `docgen request-email` cannot drift.

/// The licensing agreement that qualifies a customer, and what its "Agreement Number" is.
public struct AgreementType: Sendable, Hashable {
    /// Stable identifier used on the command line, in request files and as the form's option value.
    public var identifier: String
    public var label: String
    /// What Microsoft calls the number for this kind of agreement.
    public var numberMeaning: String

    public static let all: [AgreementType] = [
        AgreementType(identifier: "volume-licensing", label: "Volume Licensing", numberMeaning: "the Volume Licensing agreement number"),
        AgreementType(identifier: "partner-network", label: "Microsoft Partner Network", numberMeaning: "the headquarters partner ID"),
        AgreementType(
            identifier: "spla", label: "Service Provider Licensing Agreement (SPLA)", numberMeaning: "the initial enrollment number"),
        AgreementType(identifier: "high-volume-services", label: "High Volume Services", numberMeaning: "the product enrollment number"),
    ]

    public static func named(_ identifier: String) -> AgreementType? {
        all.first { $0.identifier == identifier }
    }
}

/// A public IM network the request asks Microsoft to enable.
public struct PublicIMNetwork: Sendable, Hashable {
    public var identifier: String
    public var label: String
    /// When Microsoft stopped federating with this network; `nil` while it still worked.
    public var ended: String?

    public static let skype = PublicIMNetwork(identifier: "skype", label: "Skype / Windows Live", ended: nil)
    public static let all: [PublicIMNetwork] = [
        .skype,
        PublicIMNetwork(identifier: "aol", label: "AOL", ended: "30 June 2014"),
        PublicIMNetwork(identifier: "yahoo", label: "Yahoo!", ended: "30 June 2014"),
    ]

    public static func named(_ identifier: String) -> PublicIMNetwork? {
        all.first { $0.identifier == identifier }
    }
}

/// One field of the request: its name is the command-line option without its dashes and the form
/// input's `name`.
public struct RequestField: Sendable, Hashable {
    /// How a field's value is read and checked.
    public enum Kind: String, Sendable {
        /// One line of text, spaces collapsed, length in Unicode scalars.
        case text
        /// One of ``AgreementType/all``.
        case agreementType = "agreement-type"
        /// Letters, digits and hyphens.
        case agreementNumber = "agreement-number"
        /// A fully qualified domain name.
        case host
        /// One or more SIP domains.
        case domains
        /// Some of ``PublicIMNetwork/all``.
        case networks
        case email
        /// Optional international phone number.
        case phone
        /// The message date, for reproducible `.eml` files only.
        case date
    }

    public var name: String
    public var label: String
    /// What the value means and where to find it.
    public var help: String
    public var isRequired: Bool
    public var kind: Kind
    public var minLength: Int?
    public var maxLength: Int?
    /// An example value, shown after the help text and in the template (never as a placeholder,
    /// which reads as a value already entered).
    public var example: String?
    /// The form's `autocomplete` token.
    public var autocomplete: String?
    /// False for the options only the command line offers (`to`, `date`).
    public var inForm: Bool

    /// Every field, in the order the form shows them and the email lists them.
    public static let all: [RequestField] = [
        RequestField(
            name: "enterprise-name", label: "Enterprise Name",
            help: "Your organisation's legal or trading name, as on your Microsoft licensing agreement.",
            isRequired: true, kind: .text, minLength: 1, maxLength: 256, example: "Contoso Ltd", autocomplete: "organization"),
        RequestField(
            name: "agreement-type", label: "Agreement type",
            help: "The Microsoft licensing agreement that covers your Lync Server licences; it decides which number goes in Agreement Number.",
            isRequired: true, kind: .agreementType),
        RequestField(
            name: "agreement-number", label: "Agreement Number",
            help:
                "For Volume Licensing, the agreement number; for Microsoft Partner Network, your headquarters partner ID; for SPLA, the initial enrollment number; for High Volume Services, the product enrollment number. 4 to 20 letters, digits or hyphens.",
            isRequired: true, kind: .agreementNumber, minLength: 4, maxLength: 20, example: "12345678"),
        RequestField(
            name: "access-proxy", label: "Access Proxy",
            help:
                "The external fully qualified domain name of your Access Edge service (the older name for the Edge role), as in public DNS and on the Edge certificate, such as sip.contoso.com.",
            isRequired: true, kind: .host, maxLength: 253, example: "sip.contoso.com", autocomplete: "off"),
        RequestField(
            name: "domain", label: "SIP domains",
            help:
                "The domain part of your users' SIP addresses (contoso.com for user1@contoso.com); list every one. Sub-domains are allowed; the Access Proxy name is not.",
            isRequired: true, kind: .domains, maxLength: 253, example: "contoso.com", autocomplete: "off"),
        RequestField(
            name: "network", label: "Public IM Networks",
            help: "Skype / Windows Live is the network that reaches Skype users. Federation with AOL and Yahoo! ended on 30 June 2014.",
            isRequired: true, kind: .networks),
        RequestField(
            name: "contact-name", label: "Main Contact name",
            help: "The administrator Microsoft should contact about this request.",
            isRequired: true, kind: .text, minLength: 1, maxLength: 128, example: "Jane Doe", autocomplete: "name"),
        RequestField(
            name: "contact-email", label: "Main Contact email",
            help: "The administrator's email address, ideally in one of the SIP domains above.",
            isRequired: true, kind: .email, maxLength: 254, example: "jane.doe@contoso.com", autocomplete: "email"),
        RequestField(
            name: "contact-phone", label: "Main Contact phone",
            help: "Optional. In international form: + and the country code, then the number; spaces, hyphens, dots and parentheses are allowed.",
            isRequired: false, kind: .phone, example: "+1 425 555 0100", autocomplete: "tel"),
        RequestField(
            name: "to", label: "To",
            help: "The recipient address. Microsoft's address for these requests is not public, so it is left empty unless you give one.",
            isRequired: false, kind: .email, maxLength: 254, inForm: false),
        RequestField(
            name: "date", label: "Date",
            help: "The message date, as 2013-06-03 or 2013-06-03T09:30:00+10:00; without it the .eml has no Date header, so output is reproducible.",
            isRequired: false, kind: .date, inForm: false),
    ]

    public static func named(_ name: String) -> RequestField {
        guard let field = all.first(where: { $0.name == name }) else {
            preconditionFailure("no request field named \(name)")
        }
        return field
    }

    init(
        name: String, label: String, help: String, isRequired: Bool, kind: Kind, minLength: Int? = nil, maxLength: Int? = nil,
        example: String? = nil, autocomplete: String? = nil, inForm: Bool = true
    ) {
        self.name = name
        self.label = label
        self.help = help
        self.isRequired = isRequired
        self.kind = kind
        self.minLength = minLength
        self.maxLength = maxLength
        self.example = example
        self.autocomplete = autocomplete
        self.inForm = inForm
    }
}

/// The request as typed: raw strings, nothing checked yet.
public struct ProvisioningRequestInput: Sendable, Hashable {
    public var enterpriseName = ""
    public var agreementType = ""
    public var agreementNumber = ""
    public var accessProxy = ""
    /// One entry per domain; blank entries are ignored.
    public var domains: [String] = []
    /// `nil` means the default, Skype only.
    public var networks: [String]? = nil
    public var contactName = ""
    public var contactEmail = ""
    public var contactPhone = ""
    public var to = ""
    public var date = ""

    public init() {}

    /// The networks selected when none are named.
    public static let defaultNetworks = [PublicIMNetwork.skype.identifier]
}

/// A checked, normalised request, ready to compose.
public struct ProvisioningRequest: Sendable, Hashable {
    public var enterpriseName: String
    public var agreementType: AgreementType
    public var agreementNumber: String
    /// Lower case, without a trailing dot.
    public var accessProxy: String
    public var domains: [String]
    /// In ``PublicIMNetwork/all`` order, without repeats.
    public var networks: [PublicIMNetwork]
    public var contactName: String
    public var contactEmail: String
    /// `+` and digits only, or `nil`.
    public var contactPhone: String?
    public var to: String?
    /// RFC 5322 date-time, such as `Mon, 03 Jun 2013 09:30:00 +1000`.
    public var date: String?
}
