import ArgumentParser
import DocgenCore
import FederationWidgets
import Foundation

struct AddressCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "address",
        abstract: "Converts Microsoft-account addresses to the form a Lync user types.",
        discussion: """
            bob@contoso.com becomes bob(contoso.com)@msn.com; addresses on native Microsoft domains \
            (msn.com, outlook.com, live.com, hotmail.com by default) are printed as they are. With no \
            ADDRESS arguments, addresses are read from standard input, one per line; blank lines are skipped. \
            Each rejected address is reported on standard error as 'INPUT: error: message', and the exit \
            status is then 1.
            """)

    @Argument(help: "Addresses to convert; standard input is read when none are given.")
    var addresses: [String] = []

    @Flag(help: "Turn Lync contact addresses such as bob(contoso.com)@msn.com back into Microsoft-account addresses.")
    var decode = false

    @Option(
        help: ArgumentHelp(
            "Routing suffix of decorated addresses: msn.com (Microsoft's documented form) or hotmail.com (the source blog post's form, untested).",
            valueName: "domain"))
    var suffix: String?

    @Flag(help: "Print one JSON object per input: input, output or error (kind and message), native.")
    var json = false

    @Option(help: ArgumentHelp("Take native domains and suffix from this content folder's site.yml.", valueName: "dir"))
    var content: String?

    func validate() throws {
        if let suffix, !AddressConverterSettings.knownSuffixes.contains(suffix.lowercased()) {
            throw ValidationError("--suffix must be one of \(AddressConverterSettings.knownSuffixes.joined(separator: ", ")), not '\(suffix)'.")
        }
    }

    func run() throws {
        var settings = AddressConverterSettings()
        if let content {
            settings = try Self.settings(fromContentFolder: content)
        }
        if let suffix { settings.suffix = suffix.lowercased() }
        let converter = AddressConverter(settings: settings)
        let inputs = addresses.isEmpty ? Self.standardInputLines().filter { !AddressConverter.isBlank($0) } : addresses

        var anyRejected = false
        for input in inputs {
            let result = converter.convert(input, mode: decode ? .decode : .encode)
            if json {
                print(result.jsonLine)
            } else if let output = result.output {
                print(output)
            }
            if let errorLine = result.errorLine {
                anyRejected = true
                Terminal.printError(errorLine)
            }
        }
        if anyRejected { throw ExitCode.failure }
    }

    static func standardInputLines() -> [String] {
        var lines: [String] = []
        while let line = readLine(strippingNewline: true) { lines.append(line) }
        return lines
    }

    static func settings(fromContentFolder folder: String) throws -> AddressConverterSettings {
        let path = URL(fileURLWithPath: folder).appendingPathComponent(SiteSettings.fileName).path
        guard let data = FileManager.default.contents(atPath: path) else {
            Terminal.printError("\(path): error: cannot read the site settings file")
            throw ExitCode.failure
        }
        do throws(Diagnostic) {
            let site = try SiteSettings.parse(String(decoding: data, as: UTF8.self), path: path)
            guard let section = site.widgetSections[AddressConverterWidget().name] else { return AddressConverterSettings() }
            return try AddressConverterSettings(section: section)
        } catch {
            Terminal.report([error])
            throw ExitCode.failure
        }
    }
}
