// metadata: the document information dictionary and the XMP packet that PDF/A-2 and
// PDF/UA-1 identify a file by, in the edition's language, with dates from the document
// (never the clock) and the two kept consistent (PDF/A-2 §6.6.3).
import { addObject, catalog, type PdfFile } from './file.ts';
import { dict, name, ref, str, textString } from './objects.ts';

export interface PdfMetadata {
  title: string;
  author: string;
  subject: string;
  keywords: string[];
  lang: string;
  /** The date the PDF claims for creation and modification. */
  date: Date;
  producer: string;
  /** The persistent identifier of this file (dc:identifier), e.g. its ELI manifestation. */
  identifier?: string;
  /** Its legal status in its language (dc:rights), e.g. "Official translation". */
  rights?: string;
  /** The edition reads right to left (Hebrew, Arabic): the viewer's /Direction /R2L. */
  rtl?: boolean;
}

/** PDF/A-2 conformance claimed: level U (Unicode text), with PDF/UA-1. */
export const PDFA_PART = 2;
export const PDFA_CONFORMANCE = 'U';
export const PDFUA_PART = 1;

const xml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const pdfDate = (d: Date): string =>
  `D:${d.toISOString().replace(/[-:T]/g, '').slice(0, 14)}+00'00'`;
const xmpDate = (d: Date): string => `${d.toISOString().slice(0, 19)}+00:00`;

/** The XMP packet (ISO 16684-1) with Dublin Core, XMP, PDF, pdfaid, pdfuaid and the extension schema PDF/A needs for pdfuaid. */
export function xmpPacket(meta: PdfMetadata): string {
  const alt = (s: string): string =>
    `<rdf:Alt><rdf:li xml:lang="x-default">${xml(s)}</rdf:li><rdf:li xml:lang="${xml(meta.lang)}">${xml(s)}</rdf:li></rdf:Alt>`;
  return `<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:format>application/pdf</dc:format>
<dc:title>${alt(meta.title)}</dc:title>
<dc:creator><rdf:Seq><rdf:li>${xml(meta.author)}</rdf:li></rdf:Seq></dc:creator>
<dc:description>${alt(meta.subject)}</dc:description>
<dc:language><rdf:Bag><rdf:li>${xml(meta.lang)}</rdf:li></rdf:Bag></dc:language>${meta.identifier ? `\n<dc:identifier>${xml(meta.identifier)}</dc:identifier>` : ''}${meta.rights ? `\n<dc:rights>${alt(meta.rights)}</dc:rights>` : ''}
</rdf:Description>
<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">
<xmp:CreateDate>${xmpDate(meta.date)}</xmp:CreateDate>
<xmp:ModifyDate>${xmpDate(meta.date)}</xmp:ModifyDate>
<xmp:MetadataDate>${xmpDate(meta.date)}</xmp:MetadataDate>
<xmp:CreatorTool>${xml(meta.producer)}</xmp:CreatorTool>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
<pdf:Producer>${xml(meta.producer)}</pdf:Producer>
<pdf:Keywords>${xml(meta.keywords.join(', '))}</pdf:Keywords>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
<pdfaid:part>${PDFA_PART}</pdfaid:part>
<pdfaid:conformance>${PDFA_CONFORMANCE}</pdfaid:conformance>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
<pdfuaid:part>${PDFUA_PART}</pdfuaid:part>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
<pdfaProperty:name>part</pdfaProperty:name>
<pdfaProperty:valueType>Integer</pdfaProperty:valueType>
<pdfaProperty:category>internal</pdfaProperty:category>
<pdfaProperty:description>Indicates which part of ISO 14289 the file conforms to</pdfaProperty:description>
</rdf:li></rdf:Seq></pdfaSchema:property>
</rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="r"?>`;
}

/** Replaces the Info dictionary, adds the XMP stream (uncompressed, as PDF/A asks) and /Lang. Returns the XMP object number. */
export function setMetadata(pdf: PdfFile, meta: PdfMetadata): number {
  const info = addObject(
    pdf,
    dict({
      Title: textString(meta.title),
      Author: textString(meta.author),
      Subject: textString(meta.subject),
      Keywords: textString(meta.keywords.join(', ')),
      Creator: textString(meta.producer),
      Producer: textString(meta.producer),
      CreationDate: str(pdfDate(meta.date)),
      ModDate: str(pdfDate(meta.date)),
    }),
  );
  const old = pdf.trailer.entries.get('Info');
  if (old && typeof old === 'object' && !Array.isArray(old) && old.kind === 'ref')
    pdf.objects.delete(old.num);
  pdf.trailer.entries.set('Info', ref(info));
  const xmp = addObject(
    pdf,
    dict({ Type: name('Metadata'), Subtype: name('XML') }),
    Buffer.from(xmpPacket(meta), 'utf8'),
  );
  const root = catalog(pdf);
  root.entries.set('Metadata', ref(xmp));
  root.entries.set('Lang', textString(meta.lang));
  // A right-to-left edition says so: viewers then lay out facing pages from the right.
  root.entries.set(
    'ViewerPreferences',
    dict(meta.rtl ? { DisplayDocTitle: true, Direction: name('R2L') } : { DisplayDocTitle: true }),
  );
  root.entries.set('MarkInfo', dict({ Marked: true }));
  return xmp;
}
