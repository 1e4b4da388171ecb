/// Why a file's GGUF header could not be read. The message is shown to the user as is.
public struct GGUFError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    public init(message: String) {
        self.message = message
    }

    init(_ message: String) {
        self.message = message
    }

    public var description: String { message }

    static let notGGUF = GGUFError("not a GGUF file")
    static let truncated = GGUFError("truncated header")
    static let stringTooLong = GGUFError("string too long")
    static let arrayTooLong = GGUFError("array too long")
    static let dimensionsOverflow = GGUFError("tensor dimensions overflow")
    static let contextLengthOutOfRange = GGUFError("the context length is out of range")
}
