import ArgumentParser
import DocgenCore

struct RequestEmailCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "request-email",
        abstract: "Writes the Public IM Connectivity provisioning request email.")

    func run() throws {}
}
