/// Background jobs and the event log (filled in by the jobs/events work of issue 5).
enum M0003JobsAndEvents {
    static let migration = Migration(version: 3, name: "jobs_and_events") { _ in [] }
}
