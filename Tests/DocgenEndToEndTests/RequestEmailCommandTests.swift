import Foundation
import Testing

/// `docgen request-email` run as a process, against the vectors the Swift library and the page also run.
@Suite struct RequestEmailCommandTests {
    struct Vector: Sendable, CustomTestStringConvertible {
        var name: String
        var input: [String: [String]]
        /// `field: severity: message` lines, in no particular order.
        var problemLines: [String]
        var errors: Int
        var text: String?
        var eml: String?
        var mailto: String?
        var testDescription: String { name }

        /// The options that give this input, or `nil` when options cannot say it (an empty network list).
        var arguments: [String]? {
            var arguments: [String] = []
            for (name, values) in input.sorted(by: { $0.key < $1.key }) {
                if name == "network" && values.isEmpty { return nil }
                // `--name=value`, so a value that starts with a dash is not read as an option. The
                // parser refuses `--name=` with nothing after it; leaving the option out means the same.
                arguments += values.filter { !$0.isEmpty }.map { "--\(name)=\($0)" }
            }
            return arguments
        }
    }

    static let vectorsURL = DocgenProcess.packageRoot.appendingPathComponent("Tests/FederationWidgetsTests/Vectors/request-email.json")

    static let vectors: [Vector] = {
        guard let data = try? Data(contentsOf: vectorsURL),
            let document = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let cases = document["cases"] as? [[String: Any]]
        else {
            return [Vector(name: "unreadable vectors file \(vectorsURL.path)", input: [:], problemLines: ["unreadable"], errors: 1)]
        }
        return cases.map { json in
            var input: [String: [String]] = [:]
            for (key, value) in json["input"] as? [String: Any] ?? [:] {
                input[key] = (value as? [String]) ?? [(value as? String) ?? ""]
            }
            let errors = json["errors"] as? [[String: String]] ?? []
            let warnings = json["warnings"] as? [[String: String]] ?? []
            let lines =
                errors.map { "\($0["field"] ?? ""): error: \($0["message"] ?? "")" }
                + warnings.map { "\($0["field"] ?? ""): warning: \($0["message"] ?? "")" }
            return Vector(
                name: json["name"] as? String ?? "unnamed", input: input, problemLines: lines, errors: errors.count,
                text: json["text"] as? String, eml: json["eml"] as? String, mailto: json["mailto"] as? String)
        }
    }()

    @Test(arguments: vectors)
    func vectorThroughTheCommandLine(_ vector: Vector) throws {
        guard let arguments = vector.arguments else { return }
        let text = try DocgenProcess.run(["request-email"] + arguments)
        let problems = text.stderr.split(separator: "\n").map(String.init)
        #expect(problems.sorted() == vector.problemLines.sorted())
        if vector.errors > 0 {
            #expect(text.status == 1)
            #expect(text.stdout.isEmpty)
            return
        }
        #expect(text.status == 0)
        #expect(text.stdout == vector.text)
        let eml = try DocgenProcess.run(["request-email", "--format", "eml"] + arguments)
        #expect(eml.stdout == vector.eml)
        let mailto = try DocgenProcess.run(["request-email", "--format=mailto"] + arguments)
        #expect(mailto.stdout == (vector.mailto ?? "") + "\n")
    }

    @Test func readsARequestFileAndLetsOptionsOverrideIt() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("docgen-request-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try """
        enterprise-name: Contoso Ltd
        agreement-type: volume-licensing
        agreement-number: 12345678
        access-proxy: sip.contoso.com
        domain:
          - contoso.com
        contact-name: Jane Doe
        contact-email: jane.doe@contoso.com

        """.write(to: folder.appendingPathComponent("request.yml"), atomically: true, encoding: .utf8)
        let fromFile = try DocgenProcess.run(["request-email", "--from-file", "request.yml"], in: folder)
        #expect(fromFile.status == 0, "\(fromFile.stderr)")
        #expect(fromFile.stdout == Self.vectors.first?.text, "the file holds the first vector's values")

        let overridden = try DocgenProcess.run(["request-email", "--from-file", "request.yml", "--enterprise-name", "Fabrikam"], in: folder)
        #expect(overridden.stdout.hasPrefix("Subject: Public IM Connectivity provisioning request for Fabrikam\n"))
    }

    @Test func pointsProblemsFromAFileAtTheirLine() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("docgen-request-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "enterprise-name: Contoso\naccess-proxy: https://sip.contoso.com\n".write(
            to: folder.appendingPathComponent("bad.yml"), atomically: true, encoding: .utf8)
        let outcome = try DocgenProcess.run(["request-email", "--from-file", "bad.yml"], in: folder)
        #expect(outcome.status == 1)
        let lines = outcome.stderr.split(separator: "\n").map(String.init)
        #expect(
            lines.contains(
                "bad.yml:2:15: error: access-proxy: 'https://sip.contoso.com' starts with a scheme such as https:// or sip:; enter the name alone, such as sip.contoso.com"
            ))
        #expect(lines.contains("agreement-type: error: Agreement type is required"), "a field the file lacks has no position")
        #expect(lines.count == 6, "\(lines)")

        try "enterprise-name: [Contoso\n".write(to: folder.appendingPathComponent("broken.yml"), atomically: true, encoding: .utf8)
        let broken = try DocgenProcess.run(["request-email", "--from-file", "broken.yml"], in: folder)
        #expect(broken.status == 1)
        #expect(broken.stderr.hasPrefix("broken.yml:2:"), "\(broken.stderr)")

        let missing = try DocgenProcess.run(["request-email", "--from-file", "nowhere.yml"], in: folder)
        #expect(missing.status == 1)
        #expect(missing.stderr == "nowhere.yml: error: cannot read the request file as UTF-8 text\n")
    }

    @Test func helpExplainsEveryFieldAndNamesTheChoices() throws {
        let help = try DocgenProcess.run(["request-email", "--help"])
        #expect(help.status == 0)
        let flattened = help.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        for option in [
            "enterprise-name", "agreement-type", "agreement-number", "access-proxy", "domain", "network", "contact-name",
            "contact-email", "contact-phone", "to", "date", "from-file", "format",
        ] {
            #expect(help.stdout.contains("--\(option) "), "--\(option) missing from help")
        }
        #expect(flattened.contains("<volume-licensing|partner-network|spla|high-volume-services>"))
        #expect(flattened.contains("<skype|aol|yahoo>"))
        #expect(flattened.contains("the external fully qualified domain name of your Access Edge service".capitalizedFirst))
    }

    @Test func refusesAnUnknownFormat() throws {
        let outcome = try DocgenProcess.run(["request-email", "--format", "html"])
        #expect(outcome.status != 0)
        #expect(outcome.stderr.contains("html"))
    }
}

extension String {
    fileprivate var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
