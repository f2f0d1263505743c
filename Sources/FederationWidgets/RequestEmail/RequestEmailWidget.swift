import DocgenCore

/// The provisioning request-email form placed with ```` ```widget request-email ````.
///
/// Everything a reader sees comes from ``RequestField/all``: without JavaScript the widget is a list
/// of the fields and a template to copy; with it, `request-email.js` reveals a form, checks it as
/// the reader types and composes the same email as `docgen request-email`. The rules and texts the
/// script needs travel in a JSON block, so labels and messages are written once, here in Swift.
public struct RequestEmailWidget: Widget {
    public init() {}
    public var name: String { "request-email" }
    public var assets: [AssetFile] { EmbeddedAssets.files(in: "RequestEmail") }

    /// The field list and the template: what readers without JavaScript see, and what paper shows.
    static func staticForm(templateFocusable: Bool) -> HTML {
        let fieldList = RequestField.all.filter(\.inForm).map { field -> HTML in
            let required: HTML =
                field.isRequired ? " <span class=\"reqmail-required\">(required)</span>" : " <span class=\"reqmail-required\">(optional)</span>"
            return "<dt>\(field.label)\(required)</dt><dd>\(field.help)</dd>\n"
        }
        // On screen the template scrolls, so keyboards must reach it; on paper nothing is focused.
        let focusable: HTML = templateFocusable ? " tabindex=\"0\"" : ""
        return """
            <p>The request Microsoft asked for lists these fields:</p>
            <dl class="reqmail-field-list">
            \(fieldList)</dl>
            <figure class="reqmail-figure">
            <figcaption>A template to copy into a new email; replace each part in brackets.</figcaption>
            <pre class="reqmail-template"\(focusable)>\(RequestEmailComposer.template())</pre>
            </figure>
            """
    }

    public func renderPaperForm(_ placement: WidgetPlacement, site: SiteSettings) throws(Diagnostic) -> HTML? {
        """
        <div class="reqmail reqmail-paper" data-widget-paper="request-email">
        \(Self.staticForm(templateFocusable: false))
        </div>
        """
    }

    public func render(_ placement: WidgetPlacement, site: SiteSettings) throws(Diagnostic) -> HTML {
        let formFields = RequestField.all.filter(\.inForm)
        let controls = formFields.map { control(for: $0, placement: placement) }
        return """
            <div class="reqmail" data-widget="request-email">
            <div class="reqmail-static" data-role="static">
            \(Self.staticForm(templateFocusable: true))
            </div>
            <form class="reqmail-form" data-role="form" id="\(placement.id("reqmail", "form"))" aria-label="Provisioning request email" novalidate hidden>
            <p class="reqmail-note">Nothing is sent from this page: the email is written in your browser and you send it from your own mail app. Where the browser allows it, your draft is kept on this computer until you clear it.</p>
            \(controls)<figure class="reqmail-figure reqmail-preview-figure">
            <figcaption>Preview of the email</figcaption>
            <pre class="reqmail-preview" data-role="preview" tabindex="0"></pre>
            </figure>
            <p class="reqmail-summary" data-role="summary"></p>
            <div class="reqmail-actions">
            <a class="reqmail-button" data-role="mailto" href="mailto:">Open in mail app</a>
            <button class="reqmail-button" type="button" data-role="copy">Copy to clipboard</button>
            <a class="reqmail-button" data-role="download" href="#" download="\(RequestEmailComposer.fileName)">Download .eml</a>
            </div>
            <p class="reqmail-status" data-role="status" role="status"></p>
            <div class="reqmail-clear">
            <p>Starting another request? Clearing empties every field and forgets the draft kept on this computer.</p>
            <p><button class="reqmail-button reqmail-button-quiet" type="button" data-role="clear">Clear draft…</button></p>
            </div>
            </form>
            <script type="application/json" data-role="fields">\(HTML(renderedByDocgen: Self.scriptData()))</script>
            </div>
            """
    }

    /// Label, help, the control and an (empty) error element, tied together for screen readers.
    private func control(for field: RequestField, placement: WidgetPlacement) -> HTML {
        let id = placement.id("reqmail", field.name)
        let helpID = id + "-help"
        let errorID = id + "-error"
        let describedBy = helpID + " " + errorID
        let marker: HTML =
            field.isRequired ? " <span class=\"reqmail-required\">(required)</span>" : " <span class=\"reqmail-required\">(optional)</span>"
        let required: HTML = field.isRequired ? " required" : ""
        // The command line repeats --domain; the form takes one domain per line.
        let helpText = field.kind == .domains ? field.help + " Write one per line." : field.help
        let example: HTML =
            field.example.map { example in field.help.contains(example) ? "" : " Example: <span class=\"reqmail-example\">\(example)</span>" } ?? ""
        let help: HTML = "<p class=\"reqmail-help\" id=\"\(helpID)\">\(helpText)\(example)</p>"
        let error: HTML = "<p class=\"reqmail-error\" id=\"\(errorID)\" data-role=\"error\" data-field=\"\(field.name)\"></p>"
        let autocomplete: HTML = field.autocomplete.map { " autocomplete=\"\($0)\"" } ?? ""

        let input: HTML
        switch field.kind {
        case .networks:
            let boxes = PublicIMNetwork.all.map { network -> HTML in
                let boxID = id + "-" + network.identifier
                let checked: HTML = ProvisioningRequestInput.defaultNetworks.contains(network.identifier) ? " checked" : ""
                let label = network.ended.map { "\(network.label) (ended \($0))" } ?? network.label
                return """
                    <div class="reqmail-choice"><input type="checkbox" id="\(boxID)" name="\(field.name)" value="\(network.identifier)" aria-describedby="\(describedBy)"\(checked)> <label for="\(boxID)">\(label)</label></div>

                    """
            }
            return """
                <fieldset class="reqmail-field" data-field="\(field.name)">
                <legend>\(field.label)\(marker)</legend>
                \(help)
                \(boxes)\(error)
                </fieldset>

                """
        case .agreementType:
            let options = AgreementType.all.map { type -> HTML in
                "<option value=\"\(type.identifier)\">\(type.label)</option>"
            }
            input = """
                <select id="\(id)" name="\(field.name)" aria-describedby="\(describedBy)"\(required)><option value="">Choose the agreement type</option>\(options)</select>
                """
        case .domains:
            input = """
                <textarea id="\(id)" name="\(field.name)" rows="3" spellcheck="false" autocapitalize="none" aria-describedby="\(describedBy)"\(autocomplete)\(required)></textarea>
                """
        default:
            // Plain text inputs even for email: type="email" makes browsers rewrite international
            // domains, so the page would compose a different email than the command line.
            let type = field.kind == .phone ? "tel" : "text"
            let inputMode: HTML = field.kind == .email ? " inputmode=\"email\" spellcheck=\"false\" autocapitalize=\"none\"" : ""
            input = """
                <input id="\(id)" name="\(field.name)" type="\(type)" aria-describedby="\(describedBy)"\(inputMode)\(autocomplete)\(required)>
                """
        }
        return """
            <div class="reqmail-field" data-field="\(field.name)">
            <label for="\(id)">\(field.label)\(marker)</label>
            \(help)
            \(input)
            \(error)
            </div>

            """
    }

    /// The rules and texts `request-email.js` needs, as JSON safe inside a `<script>` element.
    static func scriptData() -> String {
        let fields = RequestField.all.map { field -> JSONText in
            var members: [(String, JSONText)] = [
                ("name", .string(field.name)), ("label", .string(field.label)), ("required", .bool(field.isRequired)),
                ("kind", .string(field.kind.rawValue)), ("inForm", .bool(field.inForm)),
            ]
            if let min = field.minLength { members.append(("min", .int(min))) }
            if let max = field.maxLength { members.append(("max", .int(max))) }
            return .object(members)
        }
        let messages = RequestProblem.Kind.allCases.map { kind -> (String, JSONText) in
            (kind.rawValue, .object([("template", .string(kind.template)), ("severity", .string(kind.severity.rawValue))]))
        }
        let data: JSONText = .object([
            ("fields", .array(fields)),
            (
                "agreementTypes",
                .array(AgreementType.all.map { .object([("value", .string($0.identifier)), ("label", .string($0.label))]) })
            ),
            (
                "networks",
                .array(
                    PublicIMNetwork.all.map {
                        .object([("value", .string($0.identifier)), ("label", .string($0.label)), ("ended", $0.ended.map(JSONText.string) ?? .null)])
                    })
            ),
            ("defaultNetworks", .array(ProvisioningRequestInput.defaultNetworks.map(JSONText.string))),
            ("messages", .object(messages)),
            (
                "email",
                .object([
                    ("subjectPrefix", .string(RequestEmailComposer.subjectPrefix)),
                    ("opening", .array(RequestEmailComposer.opening.map(JSONText.string))),
                    ("closing", .array(RequestEmailComposer.closing.map(JSONText.string))),
                    ("notGiven", .string(RequestEmailComposer.notGiven)),
                    ("fileName", .string(RequestEmailComposer.fileName)),
                ])
            ),
        ])
        return data.rendered
    }
}
