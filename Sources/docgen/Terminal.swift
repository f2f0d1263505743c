import DocgenCore
import Foundation

/// The one place every subcommand prints problems: one line each on standard error, in the
/// `path:line:col: error: message` form editors and CI logs understand.
enum Terminal {
    static func report(_ diagnostics: [Diagnostic]) {
        for diagnostic in diagnostics { printError(diagnostic.description) }
    }

    static func printError(_ line: String) {
        // Flush first so that, on a shared terminal, stdout and stderr lines appear in order.
        fflush(nil)
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
