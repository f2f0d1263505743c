import ArgumentParser
import DocgenCore
import DocgenServe
import FederationWidgets
import Foundation
import SiteTemplates

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Builds the site into a temporary folder, serves it, and rebuilds and reloads open pages on every change.",
        discussion: """
            Output/ is never touched. Run from docgen's own package (swift run docgen serve), a change under \
            Templates/ or Sources/ rebuilds docgen itself and restarts it on the same port. Stop with Ctrl-C.
            """)

    @Option(name: .long, help: ArgumentHelp("The folder holding the Markdown pages and site.yml.", valueName: "dir"))
    var content = "Content"

    @Option(name: .long, help: ArgumentHelp("The port to listen on; 0 picks a free one.", valueName: "n"))
    var port: UInt16 = 8000

    @Option(name: .long, help: ArgumentHelp("The address to listen on (loopback unless you say otherwise).", valueName: "address"))
    var host = "127.0.0.1"

    @Flag(name: .long, help: "Open the site in the default browser (xdg-open or open).")
    var open = false

    @Flag(name: .long, help: "Build pages whose front matter says 'draft: true'.")
    var drafts = false

    func run() throws {
        var build = BuildOptions(contentDirectory: content)
        build.includesDrafts = drafts
        let options = ServeOptions(build: build, host: host, port: port, opensBrowser: open, arguments: CommandLine.arguments)
        let reporter = ServeReporter(
            // Unbuffered, so the URL is on the terminal (or a pipe) at once.
            info: { FileHandle.standardOutput.write(Data(($0 + "\n").utf8)) },
            error: { Terminal.printError($0) })
        let server = PreviewServer(options: options, reporter: reporter) { options in
            let builder = SiteBuilder(theme: DefaultTheme(), widgets: WidgetRegistry(FederationWidgets.all))
            return Result { () throws(BuildFailure) in try builder.build(options) }
        }
        let status = server.run()
        if status != 0 { throw ExitCode(status) }
    }
}
