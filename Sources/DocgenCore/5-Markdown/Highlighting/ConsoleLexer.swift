// Console transcripts (console, shell-session): a line starting with a prompt (`$ `, `# `, `% `,
// `PS> `, `PS C:\dir> `) is a command, lexed as shell (PowerShell after a `PS` prompt); other lines
// are output. Prompts and output are marked so the Copy button and text selection leave them out.
// A block with no prompt at all is all commands.
extension HighlightLanguage {
    static let console = HighlightLanguage(
        id: "console", name: "Shell session", aliases: ["console", "shell-session", "terminal", "shellsession"],
        lex: { $0.lexConsole() })
}

extension HighlightScanner {
    mutating func lexConsole() {
        let blockEnd = end
        guard containsPrompt() else {
            lexShell()
            return
        }
        var continues: UInt8? = nil  // the continuation byte (`\` or `` ` ``) that the last command line ended with
        while position < blockEnd {
            let lineStart = position
            advanceToLineEnd()
            let lineEnd = position
            position = lineStart
            var isPowerShell = false
            if continues != nil {
                isPowerShell = continues == UInt8(ascii: "`")
                // A continuation line, perhaps after a secondary prompt `> `.
                if sees(Array("> ".utf8)) {
                    advance(2)
                    emit(.prompt, from: lineStart)
                }
            } else if let prompt = promptLength(lineEnd: lineEnd) {
                isPowerShell = prompt.isPowerShell
                advance(prompt.length)
                emit(.prompt, from: lineStart)
            } else {
                position = min(lineEnd + 1, blockEnd)
                emit(.output, from: lineStart)
                continue
            }
            end = lineEnd
            if isPowerShell { lexCode(PowerShellSyntax.syntax) } else { lexShell() }
            end = blockEnd
            position = lineEnd
            let last = lineEnd > lineStart ? bytes[lineEnd - 1] : 0
            continues = last == UInt8(ascii: "\\") || last == UInt8(ascii: "`") ? last : nil
            if position < blockEnd { advance() }  // the line break
        }
    }

    /// Whether any line starts with a prompt (one pass; lines are looked at up to their prompt only).
    private mutating func containsPrompt() -> Bool {
        let start = position
        defer { position = start }
        while position < end {
            let lineStart = position
            advanceToLineEnd()
            let lineEnd = position
            position = lineStart
            if promptLength(lineEnd: lineEnd) != nil { return true }
            position = lineEnd + 1
        }
        return false
    }

    /// The length of the prompt at `position`, which starts a line ending at `lineEnd`.
    private mutating func promptLength(lineEnd: Int) -> (length: Int, isPowerShell: Bool)? {
        guard let first = peek() else { return nil }
        if "$#%".utf8.contains(first) {
            if position + 1 == lineEnd { return (1, false) }
            return peek(1) == UInt8(ascii: " ") ? (2, false) : nil
        }
        guard sees(Array("PS".utf8)), let third = peek(2), third == UInt8(ascii: ">") || third == UInt8(ascii: " ") else { return nil }
        // `PS> ` or `PS C:\Users\ann> `: up to the first `> ` on the line.
        var offset = 2
        while position + offset < lineEnd {
            if bytes[position + offset] == UInt8(ascii: ">") {
                let afterSpace = position + offset + 1 < lineEnd && peek(offset + 1) == UInt8(ascii: " ")
                return (offset + (afterSpace ? 2 : 1), true)
            }
            _ = peek(offset)
            offset += 1
        }
        return nil
    }
}
