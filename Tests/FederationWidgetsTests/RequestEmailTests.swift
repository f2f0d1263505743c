import Foundation
import Testing

@testable import DocgenCore
@testable import FederationWidgets

/// One case of `Vectors/request-email.json`, the file the browser test runs against the page's script too.
///
/// Re-record the expected messages and emails with `DOCGEN_RECORD_VECTORS=1 swift test --filter RequestEmail`
/// (the field and kind of each expected problem are written by hand and never recorded); recording
/// fails the run on purpose, so read the diff before committing it.
struct RequestEmailVector: Sendable, CustomTestStringConvertible {
    struct Problem: Sendable, Hashable {
        var field: String
        var kind: String
        var message: String?
    }

    var name: String
    var input: ProvisioningRequestInput
    var errors: [Problem]
    var warnings: [Problem]
    var text: String?
    var eml: String?
    var mailto: String?

    var testDescription: String { name }

    static let fileURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Vectors/request-email.json")

    static func loadDocument() throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: fileURL))
        guard let document = object as? [String: Any] else { throw VectorFileError.shape("the top level must be an object") }
        return document
    }

    static let all: [RequestEmailVector] = {
        do {
            guard let cases = try loadDocument()["cases"] as? [[String: Any]] else { throw VectorFileError.shape("'cases' must be a list") }
            return try cases.map(RequestEmailVector.init(json:))
        } catch {
            // An unreadable file must fail loudly, not run zero cases.
            return [RequestEmailVector(name: "unreadable vectors file: \(error)", input: .init(), errors: [], warnings: [])]
        }
    }()

    init(name: String, input: ProvisioningRequestInput, errors: [Problem], warnings: [Problem]) {
        self.name = name
        self.input = input
        self.errors = errors
        self.warnings = warnings
    }

    init(json: [String: Any]) throws {
        name = json["name"] as? String ?? "unnamed"
        input = ProvisioningRequestInput()
        for (key, value) in json["input"] as? [String: Any] ?? [:] {
            guard let field = RequestField.all.first(where: { $0.name == key }) else {
                throw VectorFileError.shape("unknown field \(key) in \(name)")
            }
            if let list = value as? [String] {
                input.set(field, to: list)
            } else if let text = value as? String {
                input.set(field, to: [text])
            } else {
                throw VectorFileError.shape("\(key) in \(name) must be a string or a list of strings")
            }
        }
        func problems(_ key: String) -> [Problem] {
            (json[key] as? [[String: String]] ?? []).map { Problem(field: $0["field"] ?? "", kind: $0["kind"] ?? "", message: $0["message"]) }
        }
        errors = problems("errors")
        warnings = problems("warnings")
        text = json["text"] as? String
        eml = json["eml"] as? String
        mailto = json["mailto"] as? String
    }
}

enum VectorFileError: Error { case shape(String) }

@Suite struct RequestEmailVectorTests {
    @Test(arguments: RequestEmailVector.all)
    func vector(_ vector: RequestEmailVector) {
        let validation = vector.input.validate()
        let errors = validation.errors.map { RequestEmailVector.Problem(field: $0.field, kind: $0.kind.rawValue, message: $0.message) }
        let warnings = validation.warnings.map { RequestEmailVector.Problem(field: $0.field, kind: $0.kind.rawValue, message: $0.message) }
        #expect(errors.map(\.field) == vector.errors.map(\.field))
        #expect(errors.map(\.kind) == vector.errors.map(\.kind), "messages: \(errors.map { $0.message ?? "" })")
        #expect(errors.map(\.message) == vector.errors.map(\.message))
        #expect(warnings == vector.warnings)
        if vector.errors.isEmpty {
            guard let request = validation.request else {
                Issue.record("no request composed")
                return
            }
            #expect(RequestEmailComposer.text(request) == vector.text)
            #expect(RequestEmailComposer.eml(request) == vector.eml)
            #expect(RequestEmailComposer.mailto(request) == vector.mailto)
        } else {
            #expect(validation.request == nil)
            #expect(vector.text == nil && vector.eml == nil && vector.mailto == nil, "a rejected case has no email")
        }
    }

    @Test func vectorsCoverEveryProblemKind() {
        let vectors = RequestEmailVector.all
        #expect(vectors.count >= 40)
        let kinds = Set(vectors.flatMap { $0.errors.map(\.kind) + $0.warnings.map(\.kind) })
        for kind in RequestProblem.Kind.allCases {
            #expect(kinds.contains(kind.rawValue), "no vector for \(kind.rawValue)")
        }
        #expect(vectors.filter { $0.errors.isEmpty }.count >= 10)
    }

    /// `DOCGEN_RECORD_VECTORS=1` writes the current messages and emails into the vectors file and fails.
    @Test func recordVectorsWhenAsked() throws {
        guard ProcessInfo.processInfo.environment["DOCGEN_RECORD_VECTORS"] != nil else { return }
        var document = try RequestEmailVector.loadDocument()
        var cases = document["cases"] as? [[String: Any]] ?? []
        for index in cases.indices {
            let vector = try RequestEmailVector(json: cases[index])
            let validation = vector.input.validate()
            func recorded(_ expected: [RequestEmailVector.Problem], _ actual: [RequestProblem]) -> [[String: String]] {
                // Messages are recorded only where the hand-written field and kind agree.
                expected.enumerated().map { offset, problem in
                    var entry = ["field": problem.field, "kind": problem.kind]
                    if offset < actual.count, actual[offset].field == problem.field, actual[offset].kind.rawValue == problem.kind {
                        entry["message"] = actual[offset].message
                    }
                    return entry
                }
            }
            cases[index]["errors"] = recorded(vector.errors, validation.errors)
            if !vector.warnings.isEmpty { cases[index]["warnings"] = recorded(vector.warnings, validation.warnings) }
            if let request = validation.request, vector.errors.isEmpty {
                cases[index]["text"] = RequestEmailComposer.text(request)
                cases[index]["eml"] = RequestEmailComposer.eml(request)
                cases[index]["mailto"] = RequestEmailComposer.mailto(request)
            }
        }
        document["cases"] = cases
        let data = try JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        try (data + Data("\n".utf8)).write(to: RequestEmailVector.fileURL)
        Issue.record("recorded \(cases.count) vectors into \(RequestEmailVector.fileURL.path); unset DOCGEN_RECORD_VECTORS and review the diff")
    }
}

/// Checks the composed messages against the standards with decoders written here, independently of the composer.
@Suite struct RequestEmailFormatTests {
    static var validRequests: [ProvisioningRequest] {
        RequestEmailVector.all.compactMap { $0.input.validate().request }
    }

    @Test func emlIsSevenBitWithCRLFAndShortLines() throws {
        for request in Self.validRequests {
            let eml = RequestEmailComposer.eml(request)
            #expect(eml.utf8.allSatisfy { $0 < 0x80 }, "non-ASCII byte in \(request.enterpriseName)")
            #expect(eml.hasSuffix("\r\n"))
            let lines = eml.components(separatedBy: "\r\n")
            #expect(lines.allSatisfy { !$0.contains("\r") && !$0.contains("\n") }, "bare CR or LF")
            // 998 is the hard limit; the folded Subject also keeps the recommended 78.
            #expect(lines.allSatisfy { $0.utf8.count <= 998 })
            let subject = Self.headerLines(named: "Subject", in: eml)
            #expect(!subject.isEmpty && subject.allSatisfy { $0.utf8.count <= 78 }, "long Subject line: \(subject)")
            let body = lines.drop { !$0.isEmpty }.dropFirst()
            #expect(body.allSatisfy { $0.utf8.count <= 76 }, "quoted-printable lines are at most 76 characters")
        }
    }

    @Test func emlHeadersFollowTheRequest() {
        for request in Self.validRequests {
            let eml = RequestEmailComposer.eml(request)
            let headers = Self.headers(of: eml)
            #expect(headers["MIME-Version"] == "1.0")
            #expect(headers["Content-Type"] == "text/plain; charset=UTF-8")
            #expect(headers["Content-Transfer-Encoding"] == "quoted-printable")
            #expect(headers["Date"] == request.date, "a Date header only when one was given")
            #expect(headers["To"] == request.to, "a To header only when one was given")
            #expect(headers["Subject"].map(Self.decodeEncodedWords) == RequestEmailComposer.subject(request))
            let from = headers["From"] ?? ""
            #expect(from.hasSuffix(" <\(request.contactEmail)>"))
        }
    }

    @Test func emlBodyDecodesToTheTextBody() {
        for request in Self.validRequests {
            let eml = RequestEmailComposer.eml(request)
            guard let separator = eml.range(of: "\r\n\r\n") else {
                Issue.record("no blank line after the headers")
                continue
            }
            let decoded = Self.decodeQuotedPrintable(String(eml[separator.upperBound...]))
            #expect(decoded == RequestEmailComposer.body(request).replacingOccurrences(of: "\n", with: "\r\n"))
        }
    }

    @Test func mailtoDecodesToSubjectAndBody() throws {
        for request in Self.validRequests {
            let url = RequestEmailComposer.mailto(request)
            #expect(url.hasPrefix("mailto:"))
            let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~%?&=@:")
            #expect(url.allSatisfy { allowed.contains($0) }, "only unreserved characters and percent escapes")
            let query = try #require(url.split(separator: "?", maxSplits: 1).last)
            var parameters: [String: String] = [:]
            for pair in query.split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
                parameters[parts[0]] = parts.count > 1 ? parts[1].removingPercentEncoding : nil
            }
            #expect(parameters["subject"] == RequestEmailComposer.subject(request))
            #expect(parameters["body"] == RequestEmailComposer.body(request).replacingOccurrences(of: "\n", with: "\r\n"))
            #expect(parameters["body"]?.contains("\r\n") == true)
        }
    }

    @Test func mailtoWithoutRecipientStartsWithTheQuery() throws {
        let request = try #require(RequestEmailVector.all.first?.input.validate().request)
        #expect(request.to == nil)
        #expect(
            RequestEmailComposer.mailto(request).hasPrefix(
                "mailto:?subject=Public%20IM%20Connectivity%20provisioning%20request%20for%20Contoso%20Ltd&body=Hello%2C%0D%0A%0D%0A"))
    }

    @Test func textListsEveryFormFieldInTableOrder() throws {
        let request = try #require(RequestEmailVector.all.first?.input.validate().request)
        let text = RequestEmailComposer.text(request)
        var searchStart = text.startIndex
        for field in RequestField.all where field.inForm {
            let range = try #require(
                text.range(of: "\n\(field.label): ", range: searchStart..<text.endIndex), "\(field.label) missing or out of order")
            searchStart = range.upperBound
        }
        #expect(text.contains("Main Contact phone: (not given)\n"))
    }

    @Test func subjectFoldsAtSpacesAndUnfoldsToTheSameText() {
        let subject = RequestEmailComposer.subjectPrefix + String(repeating: "Contoso Holdings ", count: 10) + "Group"
        let header = RequestEmailComposer.subjectHeader(subject)
        #expect(header.components(separatedBy: "\r\n").count > 2)
        #expect(header.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 78 })
        #expect(header.replacingOccurrences(of: "\r\n", with: "") == "Subject: " + subject)
    }

    @Test func encodedWordsNeverSplitACharacter() {
        let text = String(repeating: "🚀é", count: 30)
        let words = RequestEmailComposer.encodedWords(text).components(separatedBy: "\r\n ")
        #expect(words.count > 1)
        for word in words {
            #expect(word.utf8.count <= 75)
            #expect(!Self.decodeEncodedWords(word).isEmpty, "each word decodes as UTF-8 on its own")
        }
        #expect(Self.decodeEncodedWords(RequestEmailComposer.encodedWords(text)) == text)
    }

    @Test func displayNameQuotesSpecialsAndEncodesNonASCII() {
        #expect(RequestEmailComposer.displayName("Jane Doe") == "Jane Doe")
        #expect(RequestEmailComposer.displayName("Doe, Jane") == "\"Doe, Jane\"")
        #expect(RequestEmailComposer.displayName("Jane \"JD\" \\ Doe") == "\"Jane \\\"JD\\\" \\\\ Doe\"")
        #expect(RequestEmailComposer.displayName("Zoë") == "=?UTF-8?B?Wm/Dqw==?=")
    }

    @Test func quotedPrintableEncodesTrailingSpaceEqualsAndNonASCII() {
        #expect(RequestEmailComposer.quotedPrintable("a = b ") == ["a =3D b=20"])
        #expect(RequestEmailComposer.quotedPrintable("Zoë") == ["Zo=C3=AB"])
        let long = RequestEmailComposer.quotedPrintable(String(repeating: "é", count: 40))
        #expect(long.count == 4)
        #expect(long.allSatisfy { $0.utf8.count <= 76 })
        #expect(long.dropLast().allSatisfy { $0.hasSuffix("=") })
        #expect(Self.decodeQuotedPrintable(long.joined(separator: "\r\n")) == String(repeating: "é", count: 40))
    }

    // MARK: independent decoders

    /// The physical lines of one header: its first line and the continuation lines after it.
    static func headerLines(named name: String, in eml: String) -> [String] {
        let lines = eml.components(separatedBy: "\r\n\r\n").first?.components(separatedBy: "\r\n") ?? []
        guard let start = lines.firstIndex(where: { $0.hasPrefix(name + ": ") }) else { return [] }
        return [lines[start]] + lines[(start + 1)...].prefix { $0.hasPrefix(" ") }
    }

    static func headers(of eml: String) -> [String: String] {
        let head = eml.components(separatedBy: "\r\n\r\n").first ?? ""
        let unfolded = head.replacingOccurrences(of: "\r\n ", with: " ")
        var headers: [String: String] = [:]
        for line in unfolded.components(separatedBy: "\r\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[String(line[..<colon])] = String(line[line.index(colon, offsetBy: 2)...])
        }
        return headers
    }

    /// RFC 2047 B-encoded words; white space between adjacent words is dropped, as the RFC says.
    static func decodeEncodedWords(_ text: String) -> String {
        guard text.hasPrefix("=?UTF-8?B?") else { return text }
        var bytes: [UInt8] = []
        for word in text.replacingOccurrences(of: "\r\n ", with: " ").split(separator: " ") {
            guard word.hasPrefix("=?UTF-8?B?"), word.hasSuffix("?="), let data = Data(base64Encoded: String(word.dropFirst(10).dropLast(2))) else {
                return ""
            }
            bytes += data
        }
        return String(validating: bytes, as: UTF8.self) ?? ""
    }

    static func decodeQuotedPrintable(_ text: String) -> String {
        var bytes: [UInt8] = []
        let input = Array(text.replacingOccurrences(of: "=\r\n", with: "").utf8)
        var index = 0
        while index < input.count {
            if input[index] == UInt8(ascii: "="), index + 2 < input.count,
                let value = UInt8(String(decoding: input[index + 1...index + 2], as: UTF8.self), radix: 16)
            {
                bytes.append(value)
                index += 3
            } else {
                bytes.append(input[index])
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

@Suite struct RequestEmailFieldTests {
    @Test func fieldNamesAreUniqueAndMatchTheInput() {
        let names = RequestField.all.map(\.name)
        #expect(Set(names).count == names.count)
        #expect(
            names.filter { RequestField.named($0).inForm } == [
                "enterprise-name", "agreement-type", "agreement-number", "access-proxy", "domain", "network", "contact-name", "contact-email",
                "contact-phone",
            ])
        // Setting each field and validating must not trap: the table and the input agree.
        var input = ProvisioningRequestInput()
        for field in RequestField.all { input.set(field, to: ["x"]) }
        #expect(!input.validate().problems.isEmpty)
    }

    @Test func phoneIsOptionalAndNormalised() throws {
        var input = try #require(RequestEmailVector.all.first).input
        input.contactPhone = ""
        #expect(try #require(input.validate().request).contactPhone == nil)
        input.contactPhone = " +44 (20) 7946-0958 "
        #expect(try #require(input.validate().request).contactPhone == "+442079460958")
    }

    @Test func datesBecomeRFC5322() {
        #expect(RequestRules.rfc5322Date("2013-05-29") == "Wed, 29 May 2013 00:00:00 +0000")
        #expect(RequestRules.rfc5322Date("2013-06-03T09:30+10:00") == "Mon, 03 Jun 2013 09:30:00 +1000")
        #expect(RequestRules.rfc5322Date("2000-01-01T00:00:00Z") == "Sat, 01 Jan 2000 00:00:00 +0000")
        #expect(RequestRules.rfc5322Date("2013-13-01") == nil)
        #expect(RequestRules.rfc5322Date("2013-06-03T09:30") == nil, "a time needs its offset")
    }

    @Test func templateNamesEveryFormField() {
        let template = RequestEmailComposer.template()
        for field in RequestField.all where field.inForm {
            #expect(template.contains("\n\(field.label): "))
        }
        #expect(template.hasPrefix("Subject: Public IM Connectivity provisioning request for [Enterprise Name]\n\n"))
    }
}

@Suite struct RequestEmailFileTests {
    @Test func readsTheOptionNamesAsKeys() throws {
        let yaml = """
            enterprise-name: Contoso Ltd
            agreement-type: volume-licensing
            agreement-number: 12345678
            access-proxy: sip.contoso.com
            domain: [contoso.com, fabrikam.com]
            network: skype
            contact-name: Jane Doe
            contact-email: jane.doe@contoso.com
            contact-phone:
            """
        let file = try RequestEmailFile.parse(yaml, path: "request.yml")
        #expect(file.input.agreementNumber == "12345678")
        #expect(file.input.domains == ["contoso.com", "fabrikam.com"])
        #expect(file.input.networks == ["skype"])
        #expect(file.input.contactPhone == "")
        #expect(file.locations["access-proxy"] == SourceLocation(path: "request.yml", line: 4, column: 15))
        #expect(file.input.validate().request != nil)
    }

    @Test func reportsEveryShapeProblemWithItsPosition() {
        let yaml = """
            enterprise: Contoso
            domain: {a: b}
            contact-name: [Jane, Doe]
            """
        #expect {
            try RequestEmailFile.parse(yaml, path: "request.yml")
        } throws: { error in
            let lines = (error as? BuildFailure)?.diagnostics.map(\.description) ?? []
            return lines.count == 3 && lines[0].hasPrefix("request.yml:1:1: error: 'enterprise' is not a request field")
                && lines[1] == "request.yml:2:9: error: 'domain' must be text or a list of text, not a mapping"
                && lines[2] == "request.yml:3:15: error: 'contact-name' must be text, not a list"
        }
    }

    @Test func reportsYAMLSyntaxErrorsWithTheirPosition() {
        #expect {
            try RequestEmailFile.parse("enterprise-name: [Contoso\n", path: "bad.yml")
        } throws: { error in
            (error as? BuildFailure)?.diagnostics.first?.description.hasPrefix("bad.yml:2:") == true
        }
    }
}

@Suite struct RequestEmailWidgetTests {
    static func render() throws -> String {
        let placement = WidgetPlacement(location: SourceLocation(path: "setup/provisioning.md", line: 12, column: 1), body: "", ordinal: 2)
        return try RequestEmailWidget().render(placement, site: SiteSettings(title: "Test")).string
    }

    @Test func markupHasTheStableHooksAndOneInputPerField() throws {
        let html = try Self.render()
        #expect(html.hasPrefix("<div class=\"reqmail\" data-widget=\"request-email\">"))
        for field in RequestField.all where field.inForm {
            #expect(html.contains("name=\"\(field.name)\""), "no input named \(field.name)")
            #expect(html.contains("id=\"reqmail-2-\(field.name)-error\""))
        }
        #expect(!html.contains("name=\"to\"") && !html.contains("name=\"date\""))
        #expect(html.contains("data-role=\"preview\"") && html.contains("data-role=\"mailto\""))
        #expect(html.contains("download=\"provisioning-request.eml\""))
        #expect(
            html.contains(
                "<form class=\"reqmail-form\" data-role=\"form\" id=\"reqmail-2-form\" aria-label=\"Provisioning request email\" novalidate hidden>"))
        #expect(!html.contains(" action="), "the form submits nowhere")
    }

    @Test func noPlaceholdersButExamplesInTheHelp() throws {
        let html = try Self.render()
        // A placeholder such as "Contoso Ltd" reads as a value already entered.
        #expect(!html.contains("placeholder="))
        #expect(html.contains("as on your Microsoft licensing agreement. Example: <span class=\"reqmail-example\">Contoso Ltd</span></p>"))
        #expect(html.contains("such as sip.contoso.com.</p>"), "an example the help already gives is not repeated")
    }

    @Test func clearDraftSitsApartFromTheSendingButtons() throws {
        let html = try Self.render()
        let actions = try #require(html.range(of: "<div class=\"reqmail-actions\">"))
        let actionsEnd = try #require(html.range(of: "</div>", range: actions.upperBound..<html.endIndex))
        #expect(!html[actions.lowerBound..<actionsEnd.upperBound].contains("data-role=\"clear\""))
        #expect(html.contains("<div class=\"reqmail-clear\">"))
    }

    @Test func paperFormIsTheFieldListAndTemplateWithoutControls() throws {
        let placement = WidgetPlacement(location: SourceLocation(path: "setup/provisioning.md", line: 12, column: 1), body: "", ordinal: 2)
        let paper = try #require(try RequestEmailWidget().renderPaperForm(placement, site: SiteSettings(title: "Test"))).string
        #expect(paper.hasPrefix("<div class=\"reqmail reqmail-paper\" data-widget-paper=\"request-email\">"))
        for field in RequestField.all where field.inForm { #expect(paper.contains("<dt>\(field.label) <span"), "\(field.name) missing") }
        #expect(paper.contains("<pre class=\"reqmail-template\">\(HTML(escaping: RequestEmailComposer.template()).string)</pre>"))
        for control in ["<input", "<button", "<select", "<textarea", "<form", " id=\"", "tabindex"] {
            #expect(!paper.contains(control), "\(control) on paper")
        }
    }

    @Test func idsAreUniqueAndEveryReferenceResolves() throws {
        let html = try Self.render()
        let ids = Self.values(of: "id", in: html)
        #expect(Set(ids).count == ids.count)
        let references =
            Self.values(of: "for", in: html) + Self.values(of: "aria-describedby", in: html).flatMap { $0.split(separator: " ").map(String.init) }
        for reference in references { #expect(ids.contains(reference), "\(reference) points nowhere") }
    }

    @Test func dataBlockIsJSONThatCannotCloseTheScript() throws {
        let html = try Self.render()
        let start = try #require(html.range(of: "<script type=\"application/json\" data-role=\"fields\">"))
        let end = try #require(html.range(of: "</script>", range: start.upperBound..<html.endIndex))
        let json = String(html[start.upperBound..<end.lowerBound])
        #expect(!json.contains("<") && !json.contains(">") && !json.contains("&"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let fields = try #require(object["fields"] as? [[String: Any]])
        #expect(fields.compactMap { $0["name"] as? String } == RequestField.all.map(\.name))
        let messages = try #require(object["messages"] as? [String: [String: String]])
        #expect(messages.count == RequestProblem.Kind.allCases.count)
        #expect(messages["email-local-part"]?["template"] == RequestProblem.Kind.emailLocalPart.template)
    }

    @Test func scriptDataEscapesMarkupCharacters() {
        #expect(JSONText.quoted("</script><b>&\u{2028}\"\\\n\u{01}") == "\"\\u003c/script\\u003e\\u003cb\\u003e\\u0026\\u2028\\\"\\\\\\n\\u0001\"")
    }

    @Test func readersWithoutJavaScriptGetTheFieldsAndTheTemplate() throws {
        let html = try Self.render()
        for field in RequestField.all where field.inForm {
            #expect(html.contains("<dt>\(field.label) <span"))
        }
        #expect(html.contains("Subject: Public IM Connectivity provisioning request for [Enterprise Name]"))
    }

    static func values(of attribute: String, in html: String) -> [String] {
        html.components(separatedBy: " \(attribute)=\"").dropFirst().compactMap { $0.split(separator: "\"", maxSplits: 1).first.map(String.init) }
    }
}
