/** A small IANA-shaped CSV, written for tests, with every awkward kind of row the real file has. */
export const IANA_SAMPLE_CSV = `\uFEFFService Name,Port Number,Transport Protocol,Description,Assignee,Contact,Registration Date,Modification Date,Reference,Service Code,Unauthorized Use Reported,Assignment Notes
,0,tcp,Reserved,[Jon_Postel],[Jon_Postel],,,,,,
,0,udp,Reserved,[Jon_Postel],[Jon_Postel],,,,,,
ftp-data,20,tcp,File Transfer [Default Data],[Jon_Postel],[Jon_Postel],,,[RFC959],,,
ftp,21,tcp,File Transfer Protocol [Control],[Jon_Postel],[Jon_Postel],,,[RFC959],,,"Defined TXT keys: u=<username> p=<password> path=<path>"
,4,tcp,Unassigned,,,,,,,,
domain,53,tcp,Domain Name Server,[Paul_Mockapetris],[Paul_Mockapetris],,,[RFC1034][RFC1035],,,
domain,53,udp,Domain Name Server,[Paul_Mockapetris],[Paul_Mockapetris],,,[RFC1034][RFC1035],,,
http,80,tcp,World Wide Web HTTP,[IESG],[IETF_Chair],,2021-10-01,[RFC9110],,,Defined TXT keys: u=<username> p=<password> path=<path to document>
www,80,tcp,World Wide Web HTTP,[IESG],[IETF_Chair],,2021-10-01,[RFC9110],,,"This is a duplicate of the ""http"" service and should not be used for discovery purposes."
www-http,80,tcp,World Wide Web HTTP,[IESG],[IETF_Chair],,2021-10-01,[RFC9110],,,"This is a duplicate of the ""http"" service and should not be used for discovery purposes."
,225-241,,Reserved,[Jon_Postel],[Jon_Postel],,,,,,
https,443,tcp,http protocol over TLS/SSL,[IESG],[IETF_Chair],,2021-10-01,[RFC9110],,,
https,443,udp,http protocol over TLS/SSL,[IESG],[IETF_Chair],,2021-10-01,[RFC9110],,,"HTTP/3 runs over QUIC
on this port"
whosockami,2019,tcp,whosockami,[Unknown],[Unknown],,,,,,
about,2019,udp,about,[Unknown],[Unknown],,,,,,
active-net,3322-3325,,Active Networks,[Bob_Braden_2],[Bob_Braden_2],,,,,,
ms-wbt-server,3389,tcp,MS WBT Server,[Ritu_Bahl],[Ritu_Bahl],,,,,,
ms-wbt-server,3389,udp,MS WBT Server,[Ritu_Bahl],[Ritu_Bahl],,,,,,
x11,6000-6063,tcp,X Window System,[Stephen_Gildea],[Stephen_Gildea],,,,,Known Unauthorized Use on port 6003,
x11,6000-6063,udp,X Window System,[Stephen_Gildea],[Stephen_Gildea],,,,,Known Unauthorized Use on port 6003,
sctp-svc,9902,sctp,Überprüfung SCTP,[Jörg],[Jörg],2010-01-01,,,,,
arp,,,Address Resolution Protocol,,,,,,,,
`;
