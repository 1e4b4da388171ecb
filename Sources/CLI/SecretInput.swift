import ArgumentParser
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads a secret (an API key, a Hugging Face token) from stdin: a prompt without echo on a
/// terminal, else everything piped in (one trailing newline allowed). The secret never appears
/// in an error message.
func readSecret(
    prompt: String, noun: String = "API key",
    example: String = "`hangar providers set-key NAME < key.txt`, or use --clear to remove the key"
) throws -> String {
    let raw: String
    if isatty(STDIN_FILENO) == 1 {
        FileHandle.standardError.write(Data(prompt.utf8))
        raw = readLineWithoutEcho() ?? ""
        FileHandle.standardError.write(Data("\n".utf8))
    } else {
        raw = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
    }
    // Scalars, not Characters: "\r\n" is one Character.
    var scalars = Substring(raw).unicodeScalars
    while let last = scalars.last, last == "\n" || last == "\r" { scalars.removeLast() }
    let key = String(scalars)
    guard !key.isEmpty else {
        throw InputError("No \(noun) on stdin. Pipe it in, e.g. \(example).")
    }
    guard key.unicodeScalars.allSatisfy({ $0.value >= 0x21 && $0.value <= 0x7E }) else {
        throw InputError("The \(noun) read from stdin must be one line of printable ASCII without spaces (it is not shown here).")
    }
    guard key.utf8.count <= 4096 else {
        throw InputError("The \(noun) read from stdin is longer than 4096 characters.")
    }
    return key
}

/// A problem with what was given on stdin: printed as is, exit code 1.
struct InputError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }

    /// The bytes of `file` (`-`: stdin) and the name to call it by in messages, or the
    /// failure to read it in those terms.
    static func read(_ file: String) throws -> (data: Data, name: String) {
        let name = file == "-" ? "stdin" : file
        do {
            let data = file == "-" ? FileHandle.standardInput.readDataToEndOfFile() : try Data(contentsOf: URL(fileURLWithPath: file))
            return (data, name)
        } catch {
            throw CLIFailure(InputError("Cannot read \(name): \(error.localizedDescription)"))
        }
    }
}

private func readLineWithoutEcho() -> String? {
    var saved = termios()
    guard tcgetattr(STDIN_FILENO, &saved) == 0 else { return readLine(strippingNewline: true) }
    var quiet = saved
    quiet.c_lflag &= ~tcflag_t(ECHO)
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet)
    defer { tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved) }
    return readLine(strippingNewline: true)
}
