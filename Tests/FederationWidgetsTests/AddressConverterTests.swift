import Foundation
import Testing

@testable import DocgenCore
@testable import FederationWidgets

/// One case of `Vectors/address-converter.json`, the file the browser tests run against the page's script too.
struct AddressVector: Sendable, Decodable, CustomTestStringConvertible {
    var input: String
    var mode: AddressConverter.Mode
    var suffix: String?
    var output: String?
    var error: String?
    var message: String?
    var native: Bool?
    var note: String?

    var testDescription: String { "\(mode.rawValue)\(suffix.map { " (\($0))" } ?? "") \(input.debugDescription)" }

    static let fileURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Vectors/address-converter.json")

    static let all: [AddressVector] = {
        do {
            return try JSONDecoder().decode([AddressVector].self, from: Data(contentsOf: fileURL))
        } catch {
            // An unreadable file must fail loudly, not run zero cases.
            return [AddressVector(input: "unreadable vectors file: \(error)", mode: .encode, error: "vectors-file")]
        }
    }()
}

extension AddressConverter.Mode: Decodable {}

@Suite struct AddressConverterTests {
    @Test(arguments: AddressVector.all)
    func vector(_ vector: AddressVector) throws {
        var settings = AddressConverterSettings()
        if let suffix = vector.suffix { settings.suffix = suffix }
        let result = AddressConverter(settings: settings).convert(vector.input, mode: vector.mode)
        #expect((vector.output == nil) != (vector.error == nil), "a vector names either an output or an error kind")
        if let expected = vector.output {
            #expect(result.output == expected, "error: \(result.error?.message ?? "none")")
        }
        if let kind = vector.error {
            #expect(result.error?.kind.rawValue == kind, "output: \(result.output ?? "none"); message: \(result.error?.message ?? "none")")
            #expect(result.output == nil)
        }
        if let message = vector.message {
            #expect(result.error?.message == message)
        }
        if let native = vector.native {
            #expect(result.isNative == native)
        }
    }

    @Test func vectorsCoverEnoughCasesAndEveryRejection() {
        let vectors = AddressVector.all
        #expect(vectors.count >= 40)
        let kinds = Set(vectors.compactMap(\.error))
        for kind in AddressConversionError.Kind.allCases {
            #expect(kinds.contains(kind.rawValue), "no vector for \(kind.rawValue)")
        }
        #expect(kinds.isSubset(of: Set(AddressConversionError.Kind.allCases.map(\.rawValue))), "unknown kinds: \(kinds)")
        #expect(vectors.contains { $0.mode == .decode && $0.suffix == nil && $0.input.hasSuffix("@hotmail.com") && $0.output != nil })
    }

    @Test func doneWhenExample() throws {
        let conversion = try AddressConverter().encode("skypeguy@customdomain.com")
        #expect(conversion.output == "skypeguy(customdomain.com)@msn.com")
        #expect(conversion.status == .decorated)
        #expect(!conversion.isNative)
        #expect(conversion.explanation == "customdomain.com is not a Microsoft domain, so it goes in parentheses before @msn.com.")
    }

    @Test func encodeThenDecodeReturnsTheAccount() throws {
        let converter = AddressConverter()
        for account in ["bob@contoso.com", "First+Tag@eu.contoso.co.uk", "someone@outlook.com", "o'brien@contoso.com"] {
            let encoded = try converter.encode(account).output
            #expect(try converter.decode(encoded).output == account)
            #expect(try converter.encode(encoded).output == encoded, "encoding is idempotent")
        }
    }

    @Test func nativeDomainsComeFromSettings() throws {
        let converter = AddressConverter(settings: AddressConverterSettings(nativeDomains: ["hotmail.co.uk", "Outlook.de"], suffix: "msn.com"))
        #expect(try converter.encode("jane@Hotmail.CO.UK").output == "jane@hotmail.co.uk")
        #expect(try converter.encode("jane@outlook.de").isNative)
        #expect(try converter.encode("jane@hotmail.com").output == "jane(hotmail.com)@msn.com", "hotmail.com is not native in this site")
    }

    @Test func validateNamesTheProblem() {
        let converter = AddressConverter()
        #expect(converter.validate("bob@contoso.com") == nil)
        #expect(converter.validate("bob@localhost")?.kind == .singleLabelDomain)
        #expect(converter.validate("bob@localhost")?.description == "The domain 'localhost' needs at least two labels, as in contoso.com.")
    }

    /// The RFC 3492 section 7.1 samples that are plain lower-case words, plus common IDN examples.
    @Test(arguments: [
        ("bücher", "bcher-kva"), ("münchen", "mnchen-3ya"), ("españa", "espaa-rta"), ("日本語", "wgv71a119e"),
        ("中国", "fiqs8s"), ("пример", "e1afmkfd"), ("παράδειγμα", "hxajbheg2az3al"),
        ("他们为什么不说中文", "ihqwcrb4cv8a8dqg056pqjye"),
        ("почемужеонинеговорятпорусски", "b1abfaaepdrnnbgefbadotcwatmq2g4l"),
        ("3年b組金八先生", "3b-ww4c5e180e575a65lsy2b"),
    ])
    func punycode(_ unicode: String, _ expected: String) {
        #expect(AddressConverter.punycodeEncode(Array(unicode.unicodeScalars)) == expected)
    }

    @Test func jsonLinesHaveSortedKeysAndEscapedText() {
        let converter = AddressConverter()
        #expect(
            converter.convert("skypeguy@customdomain.com", mode: .encode).jsonLine
                == #"{"input":"skypeguy@customdomain.com","native":false,"output":"skypeguy(customdomain.com)@msn.com"}"#)
        #expect(
            converter.convert("Someone@Outlook.COM", mode: .encode).jsonLine
                == #"{"input":"Someone@Outlook.COM","native":true,"output":"Someone@outlook.com"}"#)
        #expect(
            converter.convert("\"bob\"@contoso.com", mode: .encode).jsonLine
                == #"{"error":{"kind":"invalid-local-character","message":"The user part '\"bob\"' contains '\"', which a Lync contact address cannot carry; use letters, digits and . _ - + ! $ & ' * / = ? ~ only."},"input":"\"bob\"@contoso.com","native":false}"#
        )
        let decoded = try? JSONSerialization.jsonObject(with: Data(converter.convert("a@b\u{1}.com", mode: .encode).jsonLine.utf8))
        #expect(decoded != nil, "control characters are escaped")
    }

    @Test func errorLineNamesTheInput() {
        let result = AddressConverter().convert("bob@", mode: .encode)
        #expect(result.errorLine == "bob@: error: 'bob@' has nothing after the @.")
        #expect(AddressConverter().convert("bob@contoso.com", mode: .encode).errorLine == nil)
    }
}

@Suite struct AddressConverterWidgetTests {
    func render(ordinal: Int = 1, settings: AddressConverterSettings = AddressConverterSettings()) throws -> String {
        let placement = WidgetPlacement(location: SourceLocation(path: "easi.md", line: 3, column: 1), body: "", ordinal: ordinal)
        return try AddressConverterWidget(settings: settings).render(placement, site: SiteSettings(title: "Test")).string
    }

    /// Every `id="…"` in the markup, in order.
    func ids(in markup: String) -> [String] {
        markup.components(separatedBy: " id=\"").dropFirst().compactMap { $0.split(separator: "\"").first.map(String.init) }
    }

    @Test func hooksAndSharedSettings() throws {
        let markup = try render()
        #expect(
            markup.hasPrefix(
                "<div class=\"aconv\" data-widget=\"address-converter\" data-native-domains=\"msn.com outlook.com live.com hotmail.com\" data-suffix=\"msn.com\">"
            ))
        #expect(markup.contains("<input type=\"text\" id=\"aconv-1-input\" name=\"address\""))
        #expect(markup.contains("<label for=\"aconv-1-input\">Address</label>"))
        #expect(markup.contains("data-role=\"result\" data-state=\"empty\" aria-live=\"polite\""))
        #expect(markup.contains("<form class=\"aconv-tool\" data-role=\"controls\" hidden>"), "controls stay hidden until the script runs")
        #expect(markup.contains("value=\"msn.com\" data-role=\"suffix\" checked>"))
        #expect(markup.contains("name=\"addresses\""))
    }

    @Test func examplesAreWorkedOutByTheRules() throws {
        let markup = try render()
        #expect(
            markup.contains(
                """
                <tr><td data-label="Microsoft account"><code><span class="aconv-part">skypeguy</span><wbr>\
                <span class="aconv-part">@customdomain</span><wbr><span class="aconv-part">.com</span></code></td>\
                <td data-label="Type in Lync"><code><span class="aconv-part">skypeguy</span><wbr>\
                <span class="aconv-part">(customdomain</span><wbr><span class="aconv-part">.com)</span><wbr>\
                <span class="aconv-part">@msn</span><wbr><span class="aconv-part">.com</span></code></td>
                """))
        #expect(
            markup.contains(
                """
                <tr><td data-label="Microsoft account"><code><span class="aconv-part">bob</span><wbr><span class="aconv-part">@localhost</span></code></td>\
                <td data-label="Type in Lync">Rejected</td><td data-label="Why">The domain &#39;localhost&#39; needs at least two labels, as in contoso.com.</td></tr>
                """))
        #expect(
            markup.contains(
                "Accounts on <code>msn.com</code>, <code>outlook.com</code>, <code>live.com</code> or <code>hotmail.com</code> are typed as they are."
            ))
    }

    /// A narrow column may break an address only before "(", "@" and ".", never inside a name or at a hyphen.
    @Test func addressesAreCutIntoPartsBeforeParenthesesAtSignsAndDots() {
        #expect(
            AddressConverterWidget.breakable("first.last@sub-domain.example(x)").string
                == "<span class=\"aconv-part\">first</span><wbr><span class=\"aconv-part\">.last</span><wbr>"
                + "<span class=\"aconv-part\">@sub-domain</span><wbr><span class=\"aconv-part\">.example</span><wbr>"
                + "<span class=\"aconv-part\">(x)</span>")
        #expect(
            AddressConverterWidget.breakable("a<b@c").string == "<span class=\"aconv-part\">a&lt;b</span><wbr><span class=\"aconv-part\">@c</span>")
        #expect(AddressConverterWidget.breakable("@@").string == "<span class=\"aconv-part\">@</span><wbr><span class=\"aconv-part\">@</span>")
        #expect(AddressConverterWidget.breakable("").string == "")
    }

    @Test func idsAreUniqueAndDifferPerPlacement() throws {
        let first = ids(in: try render(ordinal: 1))
        let second = ids(in: try render(ordinal: 2))
        #expect(first.count == 7, "\(first)")
        #expect(Set(first).count == first.count, "duplicate ids: \(first)")
        #expect(Set(first).isDisjoint(with: second))
        // Every label points at an element of the widget.
        let markup = try render()
        let targets = markup.components(separatedBy: "<label for=\"").dropFirst().compactMap { $0.split(separator: "\"").first.map(String.init) }
        #expect(!targets.isEmpty)
        for target in targets { #expect(first.contains(target), "label for missing id \(target)") }
    }

    @Test func paperFormIsTheRuleAndTheExamplesWithoutControls() throws {
        let placement = WidgetPlacement(location: SourceLocation(path: "easi.md", line: 3, column: 1), body: "", ordinal: 1)
        let paper = try #require(try AddressConverterWidget().renderPaperForm(placement, site: SiteSettings(title: "Test"))).string
        #expect(paper.hasPrefix("<div class=\"aconv aconv-paper\" data-widget-paper=\"address-converter\">"))
        #expect(paper.contains("<caption>Examples of the rule</caption>"))
        // Addresses are cut into parts with <wbr> between them (so phones break them only at ( @ .);
        // the text a reader sees is the whole address.
        let text = paper.replacingOccurrences(of: "<[^>]+>", with: "", options: .regularExpression)
        #expect(text.contains("skypeguy(customdomain.com)@msn.com"))
        #expect(paper.contains("<span class=\"aconv-part\">(customdomain</span><wbr>"))
        for control in ["<input", "<button", "<textarea", "<form", " id=\""] { #expect(!paper.contains(control), "\(control) on paper") }
        // The page shows the same rule and examples before its controls.
        let page = try render()
        let table = try #require(paper.range(of: "<table class=\"aconv-examples\">"))
        #expect(page.contains(paper[table.lowerBound...].prefix(while: { $0 != "\n" })))
    }

    @Test func siteSettingsReachTheMarkupEscaped() throws {
        let settings = AddressConverterSettings(nativeDomains: ["hotmail.co.uk", "a\"b.com"], suffix: "hotmail.com")
        let markup = try render(settings: settings)
        #expect(markup.contains("data-native-domains=\"hotmail.co.uk a&quot;b.com\" data-suffix=\"hotmail.com\""))
        #expect(markup.contains("value=\"hotmail.com\" data-role=\"suffix\" checked>"))
        #expect(markup.contains("<span class=\"aconv-part\">.com)</span><wbr><span class=\"aconv-part\">@hotmail</span>"))
        #expect(!markup.contains("a\"b.com"))
    }
}

/// The widget reads its own section of site.yml and reports problems at their line and column.
@Suite struct AddressConverterSettingsTests {
    static func configured(_ yaml: String) throws(Diagnostic) -> AddressConverterSettings {
        let site = try SiteSettings.parse(yaml, path: "site.yml")
        let registry = try WidgetRegistry(FederationWidgets.all).configured(by: site)
        guard let widget = registry["address-converter"] as? AddressConverterWidget else { return AddressConverterSettings() }
        return widget.settings
    }

    @Test func readsItsSection() throws {
        let settings = try Self.configured(
            "title: T\nwidgets:\n  address-converter:\n    native-domains: [MSN.com, live.com]\n    suffix: hotmail.com\n")
        #expect(settings == AddressConverterSettings(nativeDomains: ["msn.com", "live.com"], suffix: "hotmail.com"))
    }

    @Test func defaultsWithoutASection() throws {
        #expect(try Self.configured("title: T\n") == AddressConverterSettings())
    }

    @Test(arguments: [
        (
            "title: T\nwidgets:\n  address-converter:\n    native-domains: outlook.com\n",
            "site.yml:4:21: error: 'native-domains' must be a list of domain names"
        ),
        (
            "title: T\nwidgets:\n  address-converter:\n    native-domains: [a@b.com]\n",
            "site.yml:4:22: error: 'native-domains' entries must be domain names such as 'outlook.com'"
        ),
        ("title: T\nwidgets:\n  address-converter:\n    suffix: example.com\n", "site.yml:4:13: error: 'suffix' must be one of msn.com, hotmail.com"),
        (
            "title: T\nwidgets:\n  address-converter:\n    sufix: msn.com\n",
            "site.yml:4:5: error: unknown key 'sufix' in the settings of widget 'address-converter'; known keys: 'native-domains', 'suffix'"
        ),
        (
            "title: T\nwidgets:\n  request-email:\n    to: a@b.com\n",
            "site.yml:4:5: error: unknown key 'to' in the settings of widget 'request-email'; it takes no settings"
        ),
    ])
    func rejects(_ yaml: String, _ message: String) {
        let error = #expect(throws: Diagnostic.self) { try Self.configured(yaml) }
        #expect(error?.description == message)
    }
}
