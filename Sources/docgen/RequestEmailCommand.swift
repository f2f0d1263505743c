import ArgumentParser
import DocgenCore
import FederationWidgets
import Foundation

struct RequestEmailCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "request-email",
        abstract: "Writes the Public IM Connectivity provisioning request email.",
        discussion: """
            Checks every field and prints all problems at once on standard error; nothing is sent anywhere. \
            With --from-file, options given on the command line replace the file's values.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, eml, mailto
    }

    @Option(help: Self.help("enterprise-name")) var enterpriseName: String?
    @Option(
        help: ArgumentHelp(
            RequestField.named("agreement-type").help,
            valueName: AgreementType.all.map(\.identifier).joined(separator: "|")))
    var agreementType: String?
    @Option(help: Self.help("agreement-number")) var agreementNumber: String?
    @Option(help: Self.help("access-proxy")) var accessProxy: String?
    @Option(help: Self.help("domain", repeatable: true)) var domain: [String] = []
    @Option(
        help: ArgumentHelp(
            RequestField.named("network").help + " Repeat for each network; default: skype.",
            valueName: PublicIMNetwork.all.map(\.identifier).joined(separator: "|")))
    var network: [String] = []
    @Option(help: Self.help("contact-name")) var contactName: String?
    @Option(help: Self.help("contact-email")) var contactEmail: String?
    @Option(help: Self.help("contact-phone")) var contactPhone: String?
    @Option(help: Self.help("to")) var to: String?
    @Option(help: Self.help("date")) var date: String?
    @Option(help: "A YAML file of the fields, with the option names as keys.") var fromFile: String?
    @Option(help: "text (subject and body), eml (an RFC 5322 message) or mailto (a mailto: URL).") var format: Format = .text

    /// Help text comes from the same field table as the page's labels.
    private static func help(_ name: String, repeatable: Bool = false) -> ArgumentHelp {
        let field = RequestField.named(name)
        return ArgumentHelp(field.help + (repeatable ? " Repeat for each one." : ""))
    }

    func run() throws {
        var input = ProvisioningRequestInput()
        var locations: [String: SourceLocation] = [:]
        if let fromFile {
            let text: String
            do {
                text = try String(contentsOfFile: fromFile, encoding: .utf8)
            } catch {
                Terminal.printError("\(fromFile): error: cannot read the request file as UTF-8 text")
                throw ExitCode.failure
            }
            do {
                let file = try RequestEmailFile.parse(text, path: fromFile)
                input = file.input
                locations = file.locations
            } catch {
                Terminal.report(error.diagnostics)
                throw ExitCode.failure
            }
        }
        let given: [(String, [String])] = [
            ("enterprise-name", enterpriseName.map { [$0] } ?? []), ("agreement-type", agreementType.map { [$0] } ?? []),
            ("agreement-number", agreementNumber.map { [$0] } ?? []), ("access-proxy", accessProxy.map { [$0] } ?? []),
            ("domain", domain), ("network", network), ("contact-name", contactName.map { [$0] } ?? []),
            ("contact-email", contactEmail.map { [$0] } ?? []), ("contact-phone", contactPhone.map { [$0] } ?? []),
            ("to", to.map { [$0] } ?? []), ("date", date.map { [$0] } ?? []),
        ]
        for (name, values) in given where !values.isEmpty {
            input.set(RequestField.named(name), to: values)
            locations[name] = nil
        }

        let validation = input.validate()
        for problem in validation.problems {
            // A value read from the file is reported at its line and column.
            if let location = locations[problem.field] {
                Terminal.printError("\(location): \(problem.severity.rawValue): \(problem.field): \(problem.message)")
            } else {
                Terminal.printError(problem.description)
            }
        }
        guard let request = validation.request else { throw ExitCode.failure }
        switch format {
        case .text: FileHandle.standardOutput.write(Data(RequestEmailComposer.text(request).utf8))
        case .eml: FileHandle.standardOutput.write(Data(RequestEmailComposer.eml(request).utf8))
        case .mailto: FileHandle.standardOutput.write(Data((RequestEmailComposer.mailto(request) + "\n").utf8))
        }
    }
}
