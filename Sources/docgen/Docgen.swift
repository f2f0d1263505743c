import ArgumentParser
import DocgenCore

@main
struct Docgen: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "docgen",
        abstract: "Builds a static documentation site that works from disk and from any web server.",
        version: "docgen \(DocgenVersion.current) (libcmark \(DocgenVersion.libcmark))",
        subcommands: [BuildCommand.self, CheckCommand.self, ServeCommand.self, InitCommand.self, AddressCommand.self, RequestEmailCommand.self],
        defaultSubcommand: BuildCommand.self
    )
}
