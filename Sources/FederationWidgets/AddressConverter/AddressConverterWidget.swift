import DocgenCore

/// The address converter placed with ```` ```widget address-converter ````.
///
/// The markup has two parts. The rule, with a table of examples worked out by ``AddressConverter`` at
/// build time, is always visible, so readers without JavaScript still learn it. The interactive form
/// carries the `hidden` attribute until `address-converter.js` starts and removes it, so nobody sees
/// controls that cannot work. The native domains and suffix reach the script through data attributes
/// written from the same ``AddressConverterSettings`` the Swift rules use.
public struct AddressConverterWidget: Widget {
    public var settings: AddressConverterSettings

    public init(settings: AddressConverterSettings = AddressConverterSettings()) {
        self.settings = settings
    }

    public var name: String { "address-converter" }
    public var assets: [AssetFile] { EmbeddedAssets.files(in: "AddressConverter") }

    public func configured(by section: SettingsNode) throws(Diagnostic) -> AddressConverterWidget {
        AddressConverterWidget(settings: try AddressConverterSettings(section: section))
    }

    /// Inputs of the examples table, chosen to show each outcome: decorated, subdomain kept, native, rejected.
    static let exampleInputs = ["skypeguy@customdomain.com", "ann@eu.contoso.co.uk", "Someone@Outlook.COM", "bob@localhost"]

    public func renderPaperForm(_ placement: WidgetPlacement, site: SiteSettings) throws(Diagnostic) -> HTML? {
        """
        <div class="aconv aconv-paper" data-widget-paper="address-converter">
        \(ruleAndExamples())
        </div>
        """
    }

    /// The rule and a table of worked examples: the whole widget without JavaScript, and on paper.
    func ruleAndExamples() -> HTML {
        let options = settings
        let converter = AddressConverter(settings: options)
        let suffix = converter.suffix
        let examples = Self.exampleInputs.map { input -> HTML in
            let result = converter.convert(input, mode: .encode)
            switch result.outcome {
            case .success(let conversion):
                return """
                    <tr><td data-label="Microsoft account"><code>\(Self.breakable(input))</code></td>\
                    <td data-label="Type in Lync"><code>\(Self.breakable(conversion.output))</code></td>\
                    <td data-label="Why">\(conversion.explanation)</td></tr>
                    """
            case .failure(let error):
                return """
                    <tr><td data-label="Microsoft account"><code>\(Self.breakable(input))</code></td>\
                    <td data-label="Type in Lync">Rejected</td><td data-label="Why">\(error.message)</td></tr>
                    """
            }
        }

        let nativeList = Self.sentenceList(options.nativeDomains.map { $0.lowercased() })
        let rule: HTML =
            options.nativeDomains.isEmpty
            ? """
            <p>A Lync user adds a Skype contact by the contact's Microsoft-account address, written as \
            <code>user(domain)@\(suffix)</code>: the account's domain moves into parentheses and \
            <code>@\(suffix)</code> follows.</p>
            """
            : """
            <p>A Lync user adds a Skype contact by the contact's Microsoft-account address. Accounts on \
            \(nativeList) are typed as they are. Any other account is written as \
            <code>user(domain)@\(suffix)</code>: the account's domain moves into parentheses and \
            <code>@\(suffix)</code> follows.</p>
            """
        return """
            \(rule)
            <table class="aconv-examples">
            <caption>Examples of the rule</caption>
            <thead><tr><th scope="col">Microsoft account</th><th scope="col">Type in Lync</th><th scope="col">Why</th></tr></thead>
            <tbody>
            \(HTML.joined(examples, separator: "\n"))
            </tbody>
            </table>
            """
    }

    public func render(_ placement: WidgetPlacement, site: SiteSettings) throws(Diagnostic) -> HTML {
        let options = settings
        let suffix = AddressConverter(settings: options).suffix
        func id(_ part: String) -> String { placement.id("aconv", part) }

        var suffixes = AddressConverterSettings.knownSuffixes
        if !suffixes.contains(suffix) { suffixes.append(suffix) }
        let suffixChoices = suffixes.enumerated().map { index, choice -> HTML in
            let choiceID = id("suffix-\(index + 1)")
            let checked: HTML = choice == suffix ? " checked" : ""
            return """
                <span class="aconv-option"><input type="radio" id="\(choiceID)" name="\(id("suffix"))" value="\(choice)" \
                data-role="suffix"\(checked)> <label for="\(choiceID)">@\(choice)\(Self.suffixNote(choice))</label></span>
                """
        }

        return """
            <div class="aconv" data-widget="address-converter" data-native-domains="\(options.nativeDomains.map { $0.lowercased() }.joined(separator: " "))" data-suffix="\(suffix)">
            \(ruleAndExamples())
            <form class="aconv-tool" data-role="controls" hidden>
            <fieldset class="aconv-choice">
            <legend>Direction</legend>
            <span class="aconv-option"><input type="radio" id="\(id("mode-encode"))" name="\(id("mode"))" value="encode" data-role="mode" checked> <label for="\(id("mode-encode"))">Microsoft account to Lync contact address</label></span>
            <span class="aconv-option"><input type="radio" id="\(id("mode-decode"))" name="\(id("mode"))" value="decode" data-role="mode"> <label for="\(id("mode-decode"))">Lync contact address to Microsoft account</label></span>
            </fieldset>
            <fieldset class="aconv-choice" data-role="suffix-group">
            <legend>Suffix for decorated addresses</legend>
            \(HTML.joined(suffixChoices, separator: "\n"))
            </fieldset>
            <p class="aconv-field"><label for="\(id("input"))">Address</label>
            <input type="text" id="\(id("input"))" name="address" autocomplete="off" autocapitalize="off" spellcheck="false"></p>
            <p class="aconv-answer">Result: <output id="\(id("result"))" for="\(id("input"))" data-role="result" data-state="empty" aria-live="polite"></output></p>
            <p class="aconv-explanation" data-role="explanation" aria-live="polite"></p>
            <p><button type="button" data-role="copy" disabled>Copy result</button> <span class="aconv-status" data-role="copy-status" aria-live="polite"></span></p>
            <div class="aconv-batch">
            <p class="aconv-field"><label for="\(id("batch"))">Many addresses at once, one per line</label>
            <textarea id="\(id("batch"))" name="addresses" rows="5" spellcheck="false" data-role="batch-input"></textarea></p>
            <table class="aconv-results" data-role="batch-table" hidden>
            <caption>Converted addresses</caption>
            <thead><tr><th scope="col">Input</th><th scope="col">Result</th><th scope="col">Note</th></tr></thead>
            <tbody></tbody>
            </table>
            <p><button type="button" data-role="copy-csv" disabled>Copy all as CSV</button> <span class="aconv-status" data-role="csv-status" aria-live="polite"></span></p>
            </div>
            </form>
            </div>
            """
    }

    /// An address in parts cut before each `(`, `@` and `.`, with `<wbr>` between them: a narrow column breaks
    /// it there (`bob(contoso` / `.com)` / `@msn.com`) and never inside a name, not even at a hyphen, because
    /// the stylesheet keeps each part whole unless it alone is wider than the line. `address-converter.js`
    /// writes its results the same way; the text, and what is copied, is the address unchanged.
    static func breakable(_ address: String) -> HTML {
        var parts: [String] = []
        var run = ""
        for character in address {
            if character == "(" || character == "@" || character == "." {
                if !run.isEmpty { parts.append(run) }
                run = String(character)
            } else {
                run.append(character)
            }
        }
        if !run.isEmpty { parts.append(run) }
        return HTML.joined(parts.map { part -> HTML in "<span class=\"aconv-part\">\(part)</span>" }, separator: "<wbr>")
    }

    static func suffixNote(_ suffix: String) -> String {
        switch suffix {
        case "msn.com": ", Microsoft's documented form"
        case "hotmail.com": ", as in the source blog post, untested"
        default: ""
        }
    }

    /// "a", "a or b", "a, b or c".
    static func sentenceList(_ items: [String]) -> HTML {
        let codes = items.map { item -> HTML in "<code>\(item)</code>" }
        guard codes.count > 1, let last = codes.last else { return HTML.joined(codes) }
        return "\(HTML.joined(codes.dropLast(), separator: ", ")) or \(last)"
    }
}
