// The built-in gazetteer table, parsed once by Gazetteer's constructor. One entry per line:
//   C|code|region|aliases            country (ISO 3166-1 alpha-2); its code is also matched as
//                                    an upper-case code after a comma ("Berlin, DE")
//   S|code|country|aliases           US state / Canadian province; code matched like a country code
//   T|name|country|state|aliases     city (the name is an alias too); state may be empty
//   R|region|aliases                 macro region
//   M|mode|aliases                   work mode (remote, hybrid, onsite)
// Aliases are ';'-separated and written in lower case. Prefixes: '^' the text must write it in
// capitals ("^US" so that the pronoun "us" is not the United States); '=' only in location
// fields, never in free text; '~' only in free text.
// Ambiguous names resolve by the next explicit state or country ("Portland, ME", "Cambridge, MA",
// "London, ON"); without one, the first city listed wins (Portland -> OR, Cambridge -> UK).
#include "enrich/gazetteer_table.h"

namespace leados::enrich::internal {

const char* const kGazetteerTable = R"GAZ(
C|US|North America|united states;united states of america;usa;u.s.;u.s.a.;^US
C|CA|North America|canada
C|GB|UK|united kingdom;^UK;u.k.;great britain;britain;england;scotland;wales;northern ireland
C|IE|EU|ireland
C|DE|EU|germany;deutschland
C|FR|EU|france
C|ES|EU|spain;españa
C|PT|EU|portugal
C|IT|EU|italy;italia
C|NL|EU|netherlands;the netherlands;holland
C|BE|EU|belgium
C|LU|EU|luxembourg
C|AT|EU|austria
C|SE|EU|sweden
C|DK|EU|denmark
C|FI|EU|finland
C|PL|EU|poland
C|CZ|EU|czech republic;czechia
C|SK|EU|slovakia
C|HU|EU|hungary
C|RO|EU|romania
C|BG|EU|bulgaria
C|GR|EU|greece
C|HR|EU|croatia
C|SI|EU|slovenia
C|EE|EU|estonia
C|LV|EU|latvia
C|LT|EU|lithuania
C|CY|EU|cyprus
C|MT|EU|malta
C|CH|Europe|switzerland
C|NO|Europe|norway
C|IS|Europe|iceland
C|RS|Europe|serbia
C|UA|Europe|ukraine
C|TR|Europe|turkey;türkiye
C|RU|Europe|russia
C|IL|MEA|israel
C|AE|MEA|united arab emirates;^UAE
C|SA|MEA|saudi arabia
C|QA|MEA|qatar
C|EG|MEA|egypt
C|ZA|MEA|south africa
C|NG|MEA|nigeria
C|KE|MEA|kenya
C|MA|MEA|morocco
C|IN|APAC|india
C|PK|APAC|pakistan
C|BD|APAC|bangladesh
C|LK|APAC|sri lanka
C|SG|APAC|singapore
C|MY|APAC|malaysia
C|ID|APAC|indonesia
C|TH|APAC|thailand
C|VN|APAC|vietnam;viet nam
C|PH|APAC|philippines
C|JP|APAC|japan
C|KR|APAC|south korea;korea
C|CN|APAC|china
C|HK|APAC|hong kong
C|TW|APAC|taiwan
C|AU|APAC|australia
C|NZ|APAC|new zealand
C|MX|LATAM|mexico;méxico
C|BR|LATAM|brazil;brasil
C|AR|LATAM|argentina
C|CL|LATAM|chile
C|CO|LATAM|colombia
C|PE|LATAM|peru
C|UY|LATAM|uruguay
C|CR|LATAM|costa rica
C|EC|LATAM|ecuador
S|AL|US|alabama
S|AK|US|alaska
S|AZ|US|arizona
S|AR|US|arkansas
S|CA|US|california
S|CO|US|colorado
S|CT|US|connecticut
S|DE|US|delaware
S|DC|US|district of columbia
S|FL|US|florida
S|GA|US|georgia
S|HI|US|hawaii
S|ID|US|idaho
S|IL|US|illinois
S|IN|US|indiana
S|IA|US|iowa
S|KS|US|kansas
S|KY|US|kentucky
S|LA|US|louisiana
S|ME|US|maine
S|MD|US|maryland
S|MA|US|massachusetts
S|MI|US|michigan
S|MN|US|minnesota
S|MS|US|mississippi
S|MO|US|missouri
S|MT|US|montana
S|NE|US|nebraska
S|NV|US|nevada
S|NH|US|new hampshire
S|NJ|US|new jersey
S|NM|US|new mexico
S|NY|US|new york state
S|NC|US|north carolina
S|ND|US|north dakota
S|OH|US|ohio
S|OK|US|oklahoma
S|OR|US|oregon
S|PA|US|pennsylvania
S|RI|US|rhode island
S|SC|US|south carolina
S|SD|US|south dakota
S|TN|US|tennessee
S|TX|US|texas
S|UT|US|utah
S|VT|US|vermont
S|VA|US|virginia
S|WA|US|washington;washington state
S|WV|US|west virginia
S|WI|US|wisconsin
S|WY|US|wyoming
S|ON|CA|ontario
S|QC|CA|quebec;québec
S|BC|CA|british columbia
S|AB|CA|alberta
S|MB|CA|manitoba
S|SK|CA|saskatchewan
S|NS|CA|nova scotia
S|NB|CA|new brunswick
T|San Francisco|US|CA|^SF;sf bay area;bay area;san francisco bay area;silicon valley
T|San Jose|US|CA|
T|Palo Alto|US|CA|
T|Mountain View|US|CA|
T|Menlo Park|US|CA|
T|Sunnyvale|US|CA|
T|Oakland|US|CA|
T|Berkeley|US|CA|
T|Los Angeles|US|CA|
T|San Diego|US|CA|
T|Santa Monica|US|CA|
T|Irvine|US|CA|
T|Sacramento|US|CA|
T|Seattle|US|WA|
T|Redmond|US|WA|
T|Bellevue|US|WA|
T|Portland|US|OR|
T|Portland|US|ME|
T|Austin|US|TX|
T|Dallas|US|TX|
T|Houston|US|TX|
T|San Antonio|US|TX|
T|Denver|US|CO|
T|Boulder|US|CO|
T|Phoenix|US|AZ|
T|Salt Lake City|US|UT|
T|Las Vegas|US|NV|
T|Chicago|US|IL|
T|Minneapolis|US|MN|
T|Detroit|US|MI|
T|Ann Arbor|US|MI|
T|Columbus|US|OH|
T|Cleveland|US|OH|
T|Cincinnati|US|OH|
T|Pittsburgh|US|PA|
T|Philadelphia|US|PA|
T|New York|US|NY|nyc;new york city;manhattan;brooklyn
T|Boston|US|MA|
T|Washington, DC|US|DC|washington dc;washington d.c.;washington, d.c.
T|Arlington|US|VA|
T|Baltimore|US|MD|
T|Atlanta|US|GA|
T|Miami|US|FL|
T|Tampa|US|FL|
T|Orlando|US|FL|
T|Raleigh|US|NC|
T|Durham|US|NC|
T|Charlotte|US|NC|
T|Nashville|US|TN|
T|St. Louis|US|MO|saint louis;st louis
T|Kansas City|US|MO|
T|Indianapolis|US|IN|
T|Madison|US|WI|
T|Milwaukee|US|WI|
T|New Orleans|US|LA|
T|Honolulu|US|HI|
T|Toronto|CA|ON|
T|Vancouver|CA|BC|
T|Montreal|CA|QC|montréal
T|Ottawa|CA|ON|
T|Calgary|CA|AB|
T|Edmonton|CA|AB|
T|Waterloo|CA|ON|
T|London|GB||
T|London|CA|ON|
T|Cambridge|GB||
T|Cambridge|US|MA|
T|Birmingham|GB||
T|Birmingham|US|AL|
T|Manchester|GB||
T|Edinburgh|GB||
T|Bristol|GB||
T|Oxford|GB||
T|Glasgow|GB||
T|Belfast|GB||
T|Dublin|IE||
T|Berlin|DE||
T|Munich|DE||münchen
T|Hamburg|DE||
T|Frankfurt|DE||
T|Cologne|DE||köln
T|Stuttgart|DE||
T|Düsseldorf|DE||dusseldorf
T|Paris|FR||
T|Lyon|FR||
T|Amsterdam|NL||
T|Rotterdam|NL||
T|Utrecht|NL||
T|The Hague|NL||
T|Brussels|BE||
T|Antwerp|BE||
T|Zurich|CH||zürich
T|Geneva|CH||
T|Basel|CH||
T|Vienna|AT||wien
T|Stockholm|SE||
T|Gothenburg|SE||
T|Oslo|NO||
T|Copenhagen|DK||
T|Helsinki|FI||
T|Madrid|ES||
T|Barcelona|ES||
T|Valencia|ES||
T|Lisbon|PT||lisboa
T|Porto|PT||
T|Milan|IT||milano
T|Rome|IT||
T|Turin|IT||
T|Warsaw|PL||
T|Krakow|PL||kraków
T|Wroclaw|PL||wrocław
T|Prague|CZ||
T|Budapest|HU||
T|Bucharest|RO||
T|Sofia|BG||
T|Athens|GR||
T|Tallinn|EE||
T|Riga|LV||
T|Vilnius|LT||
T|Kyiv|UA||kiev
T|Belgrade|RS||
T|Zagreb|HR||
T|Ljubljana|SI||
T|Istanbul|TR||
T|Tel Aviv|IL||tel-aviv
T|Dubai|AE||
T|Abu Dhabi|AE||
T|Riyadh|SA||
T|Cairo|EG||
T|Cape Town|ZA||
T|Johannesburg|ZA||
T|Lagos|NG||
T|Nairobi|KE||
T|Bangalore|IN||bengaluru
T|Mumbai|IN||
T|Delhi|IN||new delhi
T|Hyderabad|IN||
T|Pune|IN||
T|Chennai|IN||
T|Gurgaon|IN||gurugram
T|Noida|IN||
T|Tokyo|JP||
T|Osaka|JP||
T|Seoul|KR||
T|Beijing|CN||
T|Shanghai|CN||
T|Shenzhen|CN||
T|Taipei|TW||
T|Sydney|AU||
T|Melbourne|AU||
T|Brisbane|AU||
T|Perth|AU||
T|Auckland|NZ||
T|Wellington|NZ||
T|Manila|PH||
T|Jakarta|ID||
T|Bangkok|TH||
T|Ho Chi Minh City|VN||
T|Hanoi|VN||
T|Kuala Lumpur|MY||
T|São Paulo|BR||sao paulo
T|Rio de Janeiro|BR||
T|Mexico City|MX||ciudad de méxico
T|Guadalajara|MX||
T|Buenos Aires|AR||
T|Santiago|CL||
T|Bogotá|CO||bogota
T|Medellín|CO||medellin
T|Lima|PE||
T|Montevideo|UY||
R|EU|^EU;european union
R|Europe|europe
R|EMEA|^EMEA;emea
R|APAC|^APAC;apac;asia pacific;asia-pacific;asia
R|LATAM|^LATAM;latam;latin america;south america
R|North America|north america
R|Americas|americas
R|MEA|^MENA;mena;middle east;africa
R|Global|=worldwide;=anywhere;=global
R|DACH|^DACH;dach
R|Nordics|nordics;nordic countries
R|Benelux|benelux
M|remote|=remote;=distributed;=anywhere;=work from home;=wfh;~^REMOTE;fully remote;100% remote;remote-first;remote first;remote-friendly;remote friendly;remote ok;remote-ok;remote position;remote role;remote job;remote opportunity;work remotely;working remotely;work from anywhere;(remote);remote only;remote-only
M|hybrid|=hybrid;~^HYBRID;hybrid role;hybrid work;hybrid working;hybrid position;hybrid schedule;hybrid model;(hybrid);days in the office;days in office;days a week in the office;days per week in the office
M|onsite|=onsite;=on-site;=on site;=in office;=in-office;=office-based;=office based;~^ONSITE;onsite role;on-site role;onsite position;on-site position;fully onsite;fully on-site;100% onsite;100% on-site;(onsite);(on-site);in-office role;not remote;no remote
)GAZ";

}  // namespace leados::enrich::internal
