// libFuzzer target: the address converter, both ways.
import DocgenCore
import FederationWidgets

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAddress(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let converter = AddressConverter()
    for mode in AddressConverter.Mode.allCases {
        let result = converter.convert(text, mode: mode)
        _ = result.jsonLine
        _ = result.errorLine
    }
    // What the converter writes must read back to the address it came from.
    if let encoded = try? converter.encode(text), encoded.status != .native, let decoded = try? converter.decode(encoded.output),
        (try? converter.encode(decoded.output))?.output != encoded.output
    {
        fatalError("decoding '\(encoded.output)' gave '\(decoded.output)', which does not encode back")
    }
    return 0
}
