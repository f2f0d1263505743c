/// Finds the first YAML anchor (`&name`) or alias (`*name`) in a text without parsing it into nodes.
///
/// Aliases let a few hundred bytes stand for gigabytes ("billion laughs"), and Yams expands them while
/// composing (it hashes mapping keys, which walks every alias), so they are refused before Yams sees the
/// text. The scan is one pass over the UTF-8 bytes. It follows YAML's lexical rules where an anchor or
/// alias can start a node (line start, after `- `, `? `, `: `, `[`, `{`, `,`, a tag or `---`) and skips
/// comments, quoted scalars and block scalars. When unsure it errs towards reporting: a plain scalar
/// continued on a line that starts with `&` or `*` is reported although YAML reads it as text.
enum YAMLAnchorScanner {
    struct Position: Equatable {
        /// 1-based line and column (column in bytes, as Yams counts).
        var line: Int
        var column: Int
    }

    static func firstAnchorOrAlias(in text: String) -> Position? {
        let bytes = normalizingLineBreaks(Array(text.utf8))
        guard var position = bytes.withUnsafeBufferPointer({ firstAnchorOrAlias(in: $0) }) else { return nil }
        // Columns count characters, as Yams does, not bytes.
        let line = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).dropFirst(position.line - 1).first ?? []
        position.column = line.prefix(position.column - 1).filter { $0 & 0xC0 != 0x80 }.count + 1
        return position
    }

    /// YAML (libyaml) also ends lines with `\r`, `\r\n`, NEL, LS and PS; the scanner below knows only `\n`.
    /// A byte-order mark, which libyaml skips, is dropped.
    static func normalizingLineBreaks(_ input: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(input.count)
        var index = 0
        while index < input.count {
            let byte = input[index]
            if byte == 0x0D {
                output.append(0x0A)
                index += index + 1 < input.count && input[index + 1] == 0x0A ? 2 : 1
            } else if byte == 0xC2, index + 1 < input.count, input[index + 1] == 0x85 {
                output.append(0x0A)
                index += 2
            } else if byte == 0xE2, index + 2 < input.count, input[index + 1] == 0x80, input[index + 2] == 0xA8 || input[index + 2] == 0xA9 {
                output.append(0x0A)
                index += 3
            } else if byte == 0xEF, index + 2 < input.count, input[index + 1] == 0xBB, input[index + 2] == 0xBF {
                index += 3
            } else {
                output.append(byte)
                index += 1
            }
        }
        return output
    }

    /// The scan itself, over text whose only line break is `\n`. Columns are in bytes.
    static func firstAnchorOrAlias(in bytes: UnsafeBufferPointer<UInt8>) -> Position? {
        let count = bytes.count
        var index = 0
        var line = 1
        var lineStart = 0
        var flowDepth = 0
        var atNodeStart = true
        var atLineStart = true
        // Column of the last sequence entry, explicit key or block-context scalar begun on this line: a block
        // scalar header after it holds every following line indented more than this.
        var entryColumn = -1
        // Column of the line's first token: a block scalar header alone on its line (`key:` then `  |`)
        // belongs to a node indented less than it.
        var lineIndentation = -1

        func byte(_ offset: Int) -> UInt8? { offset < count ? bytes[offset] : nil }
        func isBlank(_ b: UInt8?) -> Bool { b == nil || b == 0x20 || b == 0x09 || b == 0x0A }
        func isFlowIndicator(_ b: UInt8?) -> Bool {
            b == UInt8(ascii: ",") || b == UInt8(ascii: "[") || b == UInt8(ascii: "]") || b == UInt8(ascii: "{")
                || b == UInt8(ascii: "}")
        }
        func newLine(at newlineIndex: Int) {
            line += 1
            lineStart = newlineIndex + 1
            atLineStart = true
            entryColumn = -1
            if flowDepth == 0 { atNodeStart = true }
        }
        func skipToEndOfLine() {
            while index < count, bytes[index] != 0x0A { index += 1 }
        }

        while index < count {
            let current = bytes[index]
            if current == 0x0A {
                newLine(at: index)
                index += 1
                continue
            }
            if current == 0x20 || current == 0x09 {
                index += 1
                continue
            }
            let column = index - lineStart
            let wasLineStart = atLineStart
            if wasLineStart { lineIndentation = column }
            atLineStart = false
            if current == UInt8(ascii: "#") && (index == 0 || isBlank(bytes[index - 1])) {
                skipToEndOfLine()
                continue
            }
            if wasLineStart && column == 0 && flowDepth == 0 {
                if current == UInt8(ascii: "%") {
                    skipToEndOfLine()
                    continue
                }
                if (current == UInt8(ascii: "-") || current == UInt8(ascii: "."))
                    && byte(index + 1) == current && byte(index + 2) == current && isBlank(byte(index + 3))
                {
                    index += 3
                    atNodeStart = true
                    continue
                }
            }
            if atNodeStart {
                if current == UInt8(ascii: "&") || current == UInt8(ascii: "*") {
                    return Position(line: line, column: column + 1)
                }
                if current == UInt8(ascii: "!") {
                    // A tag; the node itself follows it.
                    while index < count, !isBlank(bytes[index]), flowDepth == 0 || !isFlowIndicator(bytes[index]) { index += 1 }
                    continue
                }
                if (current == UInt8(ascii: "-") || current == UInt8(ascii: "?")) && isBlank(byte(index + 1)) {
                    if flowDepth == 0 { entryColumn = max(entryColumn, column) }
                    index += 1
                    continue
                }
                if current == UInt8(ascii: "\"") || current == UInt8(ascii: "'") {
                    if flowDepth == 0 { entryColumn = max(entryColumn, column) }
                    index += 1
                    while index < count {
                        let b = bytes[index]
                        if b == 0x0A {
                            newLine(at: index)
                            atNodeStart = false
                            atLineStart = false
                        } else if current == UInt8(ascii: "\"") && b == UInt8(ascii: "\\") {
                            index += 1
                            if index < count, bytes[index] == 0x0A {
                                newLine(at: index)
                                atNodeStart = false
                                atLineStart = false
                            }
                        } else if b == current {
                            if current == UInt8(ascii: "'") && byte(index + 1) == current {
                                index += 1
                            } else {
                                break
                            }
                        }
                        index += 1
                    }
                    index += 1
                    atNodeStart = false
                    // A JSON-like key may be followed by `:` without a space.
                    if byte(index) == UInt8(ascii: ":") {
                        index += 1
                        atNodeStart = true
                    }
                    continue
                }
                if flowDepth == 0 && (current == UInt8(ascii: "|") || current == UInt8(ascii: ">")) {
                    skipBlockScalar(
                        bytes, from: &index, parentColumn: max(entryColumn, lineIndentation - 1), line: &line, lineStart: &lineStart)
                    atLineStart = true
                    atNodeStart = true
                    entryColumn = -1
                    continue
                }
            }
            switch current {
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                flowDepth += 1
                atNodeStart = true
                index += 1
                continue
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                if flowDepth > 0 { flowDepth -= 1 }
                atNodeStart = false
                index += 1
                continue
            case UInt8(ascii: ","):
                if flowDepth > 0 {
                    atNodeStart = true
                    index += 1
                    continue
                }
            case UInt8(ascii: ":"):
                if isBlank(byte(index + 1)) || (flowDepth > 0 && isFlowIndicator(byte(index + 1))) {
                    atNodeStart = true
                    index += 1
                    continue
                }
            default:
                break
            }
            // A plain scalar: its text runs to `: `, ` #`, the end of the line, or (in flow) an indicator.
            if atNodeStart && flowDepth == 0 { entryColumn = max(entryColumn, column) }
            atNodeStart = false
            index += 1
            while index < count {
                let b = bytes[index]
                if b == 0x0A { break }
                if b == UInt8(ascii: ":") && (isBlank(byte(index + 1)) || (flowDepth > 0 && isFlowIndicator(byte(index + 1)))) { break }
                if b == UInt8(ascii: "#") && isBlank(bytes[index - 1]) { break }
                if flowDepth > 0 && isFlowIndicator(b) { break }
                index += 1
            }
        }
        return nil
    }

    /// Skips a block scalar (`|` or `>`): its header line, then every line that is blank or indented more
    /// than `parentColumn`, up to a document marker. Leaves `index` at the start of the first line after it.
    private static func skipBlockScalar(
        _ bytes: UnsafeBufferPointer<UInt8>, from index: inout Int, parentColumn: Int, line: inout Int, lineStart: inout Int
    ) {
        let count = bytes.count
        while index < count, bytes[index] != 0x0A { index += 1 }
        while index < count {
            // `index` is at the newline ending the previous line.
            let next = index + 1
            var probe = next
            while probe < count, bytes[probe] == 0x20 { probe += 1 }
            let indentation = probe - next
            let blank = probe >= count || bytes[probe] == 0x0A
            let documentMarker =
                indentation == 0 && probe + 3 <= count
                && (bytes[probe..<probe + 3].elementsEqual("---".utf8) || bytes[probe..<probe + 3].elementsEqual("...".utf8))
            if (!blank && indentation <= parentColumn) || documentMarker {
                line += 1
                lineStart = next
                index = next
                return
            }
            line += 1
            lineStart = next
            index = probe
            while index < count, bytes[index] != 0x0A { index += 1 }
        }
    }
}
