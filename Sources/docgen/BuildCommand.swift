import ArgumentParser
import DocgenCore

struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "build", abstract: "Builds the site.")
    func run() throws {}
}
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "check", abstract: "Checks the site.")
    func run() throws {}
}
