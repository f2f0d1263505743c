import ArgumentParser
import DocgenCore

struct AddressCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "address",
        abstract: "Converts Microsoft-account addresses to the form a Lync user types.")

    func run() throws {}
}
