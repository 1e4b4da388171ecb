import Foundation
import HTTPAPI
import Logging
import Testing

/// Log lines are written in batches by a thread of their own: none is lost, torn or reordered.
@Suite struct JSONLogHandlerTests {
    @Test func linesFromManyTasksAreAllWrittenWholeAndInOrderPerTask() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("log-\(UUID().uuidString).jsonl")
        _ = FileManager.default.createFile(atPath: file.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: file) }
        let output = JSONLogHandler.Output(try FileHandle(forWritingTo: file))
        let logger = Logger(label: "test") { label in JSONLogHandler(label: label, output: output) }
        await withTaskGroup(of: Void.self) { group in
            for task in 0..<8 {
                group.addTask {
                    for index in 0..<250 { logger.info("line", metadata: ["task": "\(task)", "index": "\(index)"]) }
                }
            }
        }
        output.flush()
        let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2_000)
        var next: [String: Int] = [:]
        for line in lines {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let task = try #require(object["task"] as? String)
            #expect(object["index"] as? String == "\(next[task, default: 0])", "task \(task) in order")
            next[task, default: 0] += 1
        }
    }

    @Test func aLoneLineIsWrittenWithoutAFlush() throws {
        let pipe = Pipe()
        let output = JSONLogHandler.Output(pipe.fileHandleForWriting)
        Logger(label: "test") { label in JSONLogHandler(label: label, output: output) }.warning("alone")
        // Blocks until the output's thread writes the line.
        let written = String(decoding: pipe.fileHandleForReading.availableData, as: UTF8.self)
        #expect(written.contains(#""msg":"alone""#) && written.hasSuffix("\n"))
    }
}
