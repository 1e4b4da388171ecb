import CLI

@main
enum HangarMain {
    static func main() async {
        await Hangar.main()
    }
}
