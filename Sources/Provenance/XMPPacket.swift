/// The XMP packet that states a label in the vocabulary photo tools read: IPTC's
/// `Iptc4xmpExt:DigitalSourceType`, `xmp:CreatorTool`, `xmp:CreateDate` and a
/// `dc:description` sentence.
enum XMPPacket {
    /// The packet for `label`, UTF-8 text with its `<?xpacket?>` wrapper.
    static func text(for label: SyntheticMediaLabel) -> String {
        """
        <?xpacket begin="\u{FEFF}" id="W5M0MpCehiHzreSzNTczkc9d"?>
        <x:xmpmeta xmlns:x="adobe:ns:meta/">
         <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
          <rdf:Description rdf:about=""
            xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/"
            xmlns:xmp="http://ns.adobe.com/xap/1.0/"
            xmlns:dc="http://purl.org/dc/elements/1.1/"
            Iptc4xmpExt:DigitalSourceType="\(escaped(label.digitalSourceType))"
            \(creatorToolAttribute)="\(escaped(label.generator))"
            xmp:CreateDate="\(escaped(label.date))">
           <dc:description>
            <rdf:Alt>
             <rdf:li xml:lang="x-default">\(escaped("Synthetic media: " + label.statement))</rdf:li>
            </rdf:Alt>
           </dc:description>
          </rdf:Description>
         </rdf:RDF>
        </x:xmpmeta>
        <?xpacket end="r"?>
        """
    }

    /// Whether `text` is a packet Masque wrote (its creator tool is Masque).
    static func isMasque(_ text: String) -> Bool {
        text.contains("\(creatorToolAttribute)=\"Masque ")
    }

    private static let creatorToolAttribute = "xmp:CreatorTool"

    /// `text` with XML's five special characters as entities.
    static func escaped(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            default: result.append(character)
            }
        }
        return result
    }
}
