// Common English words, for the precision guard of spelling variants (variants.ts): a
// generated spelling that is an ordinary word (e.g. "emir" from "Amir" by an a/e swap, "dash"
// from a name by a dropped vowel) must never become a watched name on its own. Written for
// this project: frequent words of English news text, plus short words that the romanization
// rules can reach from names of the region (vowel swaps, doubled or dropped letters). Words of
// these names that are themselves common words ("Islamic", "State", "West") are never varied.
const WORDS = `
able about above across act add after again against age ago agree ahead aid aim air all allow almost alone along already also
although always among amount and anger angle angry animal annual another answer any anyone anything appeal appear apply area
argue arm army around arrest arrive art article as ask assume at attack attempt audience author avoid away baby back bad bag
ball ban band bank bar base basic basis battle be bear beat beauty because become bed been before began begin behind being
believe bell belong below bench bend best better between beyond big bill bird birth bit bitter black blade blame blank blast
blind block blood blow blue board boat body bomb bond bone book boom boot border born boss both bottom bound bowl box boy
brain brand brave bread break brief bring broad brother brown budget build burden burn bus business busy but buy by cabin
cable call calm camp campaign can cap capital car card care career carry case cash cast cat catch cause cell center central
century chain chair chance change charge chart chase cheap check chef chest chief child choice church circle cite citizen
city civil claim class clean clear clerk climb clock close cloud club coach coal coast code coffee cold collect college
color come common company complete concern condition consider contain continue control cook cool cope copy core corner cost
could council count country couple course court cover crack craft crash create credit crew crime crisis critic crop cross
crowd crown cry cup curb current cut cycle dad daily damage dance danger dare dark dash data date daughter day dead deal
dealer dear death debate debt decade decide deep defend define degree delay deliver demand deny depend deputy desert design
desk detail develop die diet differ dinner direct dirt dish do doctor dog dollar domain done door double doubt down draft
drag drama draw dream dress drink drive drop drug dry due during dust duty each eager ear early earn earth ease east easy eat
economy edge edit effect effort egg eight either elect else emir employ empty end enemy energy engine enjoy enough enter
entire entry equal era error escape essay even event ever every exact exam example exist exit expect expert explain extra
eye face fact factor fail fair faith fall false fame family fan far farm fast fat father fault fear feature fee feed feel
fellow female fence few field fight figure file fill film final find fine finger finish fire firm first fish fit five fix flag
flat fleet flight floor flow fly focus folk follow food foot for force foreign forest forget form former fort forth forum
forward four frame free fresh friend from front fruit fuel full fun fund future gain game gang gap garden gas gate gather gave
gear gene general get giant gift girl give glad glass global goal god gold golf gone good govern grade grain grand grant grass
great green grey ground group grow guard guess guest guide gun guy habit hair half hall hand handle hang happen happy hard harm
hat hate have he head heal health hear heart heat heavy held hell hello help her here hero hide high hill him hint hire his
history hit hold hole holiday home hope horse host hot hotel hour house how huge human humor hunt hurt husband ice idea if
image impact in income index inner input inside into iron island issue it item its jail job join joint joke judge juice
jump junior jury just keen keep key kick kid kill kind king kiss kitchen knee knife know labor lack lady laid lake land lane
language large last late later laugh launch law lawn lay lead leader leaf league lean learn least leave led left leg legal
lend length less lesson let letter level lie life lift light like limit line link lion list listen little live load loan
local lock long look loose lord lose loss lost lot loud love low luck lunch mad made mail main major make male mall man
manage many map march mark market marry mass master match mate matter may maybe meal mean meat media meet member memory men
mental menu mere mess metal meter method middle might mile military milk mill mind mine minor minute miss mission mix mode
model modern moment money month mood moon moral more morning most mother motor mount mouse mouth move movie much mud murder
muscle music must my myth nail name nation native nature near neat neck need nerve net never new news next nice night nine no
noble nobody noise none noon nor normal north nose not note nothing notice now nuclear number nurse oak object occur ocean
odd of off offer office officer often oil okay old on once one only onto open opera order organ other our out outer over own
owner pace pack page paid pain paint pair pale palm pan panel paper parent park part party pass past path patient pause pay
peace peak pen people pepper per period person phase phone photo pick piece pile pilot pin pine pipe pit place plan plane
plant plate play plot plus pocket poem poet point pole police policy poll pool poor pop port pose post pot pound pour power
press price pride prime print prior prison private prize problem profit proof proud prove public pull pump pure push put
quiet quit quite race rail rain raise rally ran range rank rare rate rather raw reach read ready real realm rear reason
rebel recall record red reform refuse region relate rely remain remote rent repair repeat reply report rest result return
reveal rich ride right ring rise risk rival river road rock role roll roof room root rope rose rough round route row royal
rude rule run rural rush sad safe said sail sake salt same sand save say scale scene school science score sea seal search
season seat second secret sector see seed seek seem seen sell send senior sense series serve set settle seven shade shake
shall shape share sharp she sheet shelf shell shift shine ship shirt shock shoe shoot shop shore short shot should show shut
sick side sign silver simple since sing single sir sister sit site six size skill skin sky sleep slide slim slip slow small
smart smell smile smoke snow so soft soil sold soldier sole solid solve some son song soon sort soul sound soup source south
space spare speak special speed spell spend spin spirit split spoke sport spot spread spring square staff stage stake stand
star start state station stay steal steam steel step stick still stock stone stop store storm story strain street strike
strong student study stuff style subject such sudden sugar suit summer sun super supply sure surface swim switch system table
tail take tale talk tall tank tape target task taste tax tea teach team tear tell ten tend term test text than thank that the
their them then there these they thick thin thing think third this those though three throw tie tight till time tiny tip tire
title to today toe together told toll tone too took tool top total touch tough tour toward town track trade train travel treat
tree trend trial trick trip troop true trust truth try tube tune turn twice two type under union unit until up upon upper urge
us use usual valley value van various very victim view visit voice vote wage wait wake walk wall want war warm warn wash
waste watch water wave way we weak wealth wear weather web week weight welcome well went were west what wheel when where which
while white who whole whom whose why wide wife wild will win wind window wine wing winner winter wire wise wish with within
without woman wonder wood word work world worry worse worth would wound write wrong yard year yes yet you young your youth zone
abode amer amid anal bahar baker bali bane bar bard barn bean been beer bell beta bide bile bolt boon boor bore bout cane cola
dale dame dane darn dean deem dell dene dine dole dome dona doom dote dune dusk faun fend fume galley gall gamma gene gnome
gull hail hale halo hare harem haul heel helm hemp herd hide hire hood hoof hook hoop hum hymn ideal jihad kale kara khan
lama lame lane lash lass lava lean leer lime limp loom lore lure maid mala mall mane mare mart mast maul mead meek melt mere
mesh mile mint mire mole moor moose mule muse mute nabob nape nile nook papa pare pasha peel peer pelt pier pike pill
pith pod pole pond pony pore pram purr rafter rake ramp rani reed reel rein rill rind rod rote rude ruin rum rune sabre sage
sale sane sari sash satin seer sera shah shin shoal sill silo sire sod sofa sole soot sufi sultan sun tala tame tamer
tar tare teem tern tide tile toga tome tore tote tuba tulip vale vane veer vile vine wade wail ware wary weed weep wren yoga
islamic province network liberation national resistance representative director counterterrorism envoy ambassador minister
emirate republic front brigade subcontinent indian afghan afghanistan pakistan pakistani american washington united nations
governor commander leader spokesman president prime ministry center centre army group movement party council
`;

export const COMMON_WORDS: ReadonlySet<string> = new Set(WORDS.split(/\s+/).filter(Boolean));
