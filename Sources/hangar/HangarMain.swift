import CLI

@main
enum HangarMain {
    static func main() async {
        StartupMemory.limitArenas()
        await Hangar.main()
    }
}
