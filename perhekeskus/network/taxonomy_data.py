"""The service-type taxonomy: every service and practice the PERHE report names.

Sources in the report: the operating concept (§5.3), the work practices of §7 with
Tables 3–7 (family training, couple work, preventive family work, peer groups,
fathers' activities, meeting places) and the partners' stories of Liite 5 (Espoo,
Tampere's wellbeing clinic, Salo's meeting places, MLL, parishes, Väestöliitto).

The table below is one row a line, fields separated by `|`:
code | parent code | default tier (Kuvio 3) | Finnish | Swedish | English | Finnish description.
A row without a parent is a top-level group; a group is listed before its members.
Order is the display order. Codes never change once published: pages, the API,
imports and saved searches refer to them.
"""

from __future__ import annotations

from typing import Any

# A plain text table keeps ~70 types readable and the module short; it is parsed once at import.
_TABLE = """
health | | basic | Neuvolat ja terveys | Rådgivning och hälsa | Clinics and health | Äitiys- ja lastenneuvolat, kouluterveydenhuolto ja muut terveyttä edistävät peruspalvelut.
maternity_clinic | health | basic | Äitiysneuvola | Mödrarådgivning | Maternity clinic | Raskauden seuranta ja vanhemmuuteen valmistautumisen tuki koko perheelle.
child_health_clinic | health | basic | Lastenneuvola | Barnrådgivning | Child health clinic | Alle kouluikäisen lapsen kasvun ja kehityksen seuranta sekä vanhemmuuden tuki.
wellbeing_clinic | health | basic | Hyvinvointineuvola | Välfärdsrådgivning | Wellbeing clinic | Sama terveydenhoitaja raskaudesta kouluikään, vanhempien kyselylomakkeet ja moniammatillinen tiimi.
family_training | health | basic | Perhevalmennus | Familjeförberedelse | Family training | Ryhmämuotoinen moniammatillinen valmennus esikoistaan odottaville, viisi kertaa ennen ja viisi jälkeen syntymän.
home_visit | health | basic | Kotikäynnit | Hembesök | Home visits | Terveydenhoitajan kotikäynti raskausaikana ja synnytyksen jälkeen.
group_clinic | health | basic | Ryhmäneuvola | Grupprådgivning | Group clinic visits | Neuvolan teemaryhmät ja ryhmämuotoiset määräaikaistarkastukset.
breastfeeding_support | health | basic | Imetys- ja ravitsemustuki | Amnings- och näringsstöd | Breastfeeding and nutrition support | Imetysohjaus, imetystukiryhmät ja lapsen ravitsemusneuvonta.
school_health_care | health | basic | Kouluterveydenhuolto | Skolhälsovård | School health care | Kouluterveydenhoitajan ja -lääkärin terveystarkastukset ja vastaanotto.
early_education | | basic | Varhaiskasvatus ja koulu | Småbarnspedagogik och skola | Early education and school | Päivähoito, avoin varhaiskasvatus, esiopetus ja koulu.
day_care | early_education | basic | Päiväkoti | Daghem | Day-care centre | Kunnallinen tai yksityinen päiväkotihoito ja varhaiskasvatus.
family_day_care | early_education | basic | Perhepäivähoito | Familjedagvård | Family day care | Pienryhmässä hoitajan kotona annettava varhaiskasvatus.
open_early_education | early_education | basic | Avoin varhaiskasvatus | Öppen småbarnspedagogik | Open early childhood education | Kotona lapsiaan hoitaville perheille avoimet kerhot, ryhmät ja leikkitoiminta.
club_for_children | early_education | basic | Kerho lapsille | Klubb för barn | Club for children | Leikki- ja päiväkerhot 2–5-vuotiaille ilman vanhempaa.
pre_school | early_education | basic | Esiopetus | Förskoleundervisning | Pre-school education | Maksuton esiopetus vuotta ennen oppivelvollisuuden alkua.
school | early_education | basic | Perusopetus | Grundläggande utbildning | School | Peruskoulu ja koulun yhteistyö kotien kanssa.
after_school_club | early_education | basic | Koululaisten iltapäivätoiminta | Eftermiddagsverksamhet för skolbarn | After-school club | Iltapäivätoiminta 1.–2.-luokkalaisille ja erityistä tukea tarvitseville.
student_welfare | early_education | early_support | Opiskeluhuolto | Elevhälsa | Student welfare | Koulukuraattori, koulupsykologi ja yhteisöllinen opiskeluhuolto.
meeting_places | | community | Kohtaamispaikat | Mötesplatser | Meeting places | Perheiden avoimet kohtaamispaikat asuinalueella.
family_cafe | meeting_places | community | Perhekahvila | Familjecafé | Family café | Vanhempien ja lasten vapaamuotoinen kohtaamispaikka, usein teema joka toinen kerta.
open_day_care | meeting_places | community | Avoin päiväkoti | Öppet daghem | Open day-care centre | Avoin leikki- ja kohtaamispaikka, jossa vanhempi on lapsen mukana.
resident_park | meeting_places | community | Asukaspuisto | Invånarpark | Resident park | Ohjattu leikkipuisto sisätiloineen, kerhoineen ja ruokailuineen.
family_club | meeting_places | community | Perhekerho | Familjeklubb | Family club | Vanhempien ja lasten yhteinen kerho, usein seurakunnan tai järjestön.
baby_cafe | meeting_places | community | Vauvakahvila | Babycafé | Baby café | Vauvaperheiden avoin kohtaamispaikka.
open_meeting_place | meeting_places | community | Muu avoin kohtaamispaikka | Annan öppen mötesplats | Other open meeting place | Perhetupa, iltakahvila tai muu kaikille avoin tila perheille.
peer_support | | community | Vertaistuki | Kamratstöd | Peer support | Vanhempien ja perheiden vertaisryhmät ja -toiminta.
peer_group | peer_support | community | Vertaisryhmä | Kamratgrupp | Peer group | Samassa elämäntilanteessa olevien vanhempien ryhmä.
child_parent_group | peer_support | community | Lapsi–vanhempi-ryhmä | Barn–förälder-grupp | Child–parent group | Lapset ja vanhemmat yhdessä: leikkiä, laulua ja keskustelua.
open_group | peer_support | community | Kaikille avoin ryhmä | Öppen grupp | Open group | Ryhmä, johon voi tulla ilman ilmoittautumista.
mothers_group | peer_support | community | Äitiryhmä | Mammagrupp | Mothers' group | Äitien vertaisryhmä.
fathers_group | peer_support | community | Isäryhmä | Pappagrupp | Fathers' group | Isien vertaisryhmä, usein miesohjaajan vetämä.
immigrant_group | peer_support | community | Maahanmuuttajien ryhmä | Grupp för invandrare | Immigrant families' group | Maahanmuuttajataustaisten perheiden ryhmä, joka tukee kotoutumista.
parent_run_group | peer_support | community | Vanhempien oma ryhmä | Föräldrarnas egen grupp | Parent-run group | Vanhempien itse järjestämä ja vetämä ryhmä.
baby_group | peer_support | early_support | Vauvaryhmä | Babygrupp | Baby group | Kohdennettu ryhmä vauvaperheille neuvolan kutsusta (Ekavauva-malli).
family_work_group | peer_support | early_support | Perhetyön ryhmä | Familjearbetets grupp | Family work group | Perhetyön suljettu pienryhmä varhaisen tuen tarpeeseen.
fathers_activities | peer_support | community | Isätoiminta | Pappaverksamhet | Fathers' activities | Isä–lapsi-tapahtumat, retket ja leirit isille ja lapsille.
couple_support | | community | Parisuhteen tuki | Stöd för parrelationen | Couple relationship support | Ennalta ehkäisevä parisuhdetyö.
couple_course | couple_support | community | Parisuhdekurssi | Parrelationskurs | Couple relationship course | Kurssit ja lataamispäivät pareille.
pair_to_family | couple_support | community | Parista perheeksi | Från par till familj | Pair to family | Perhevalmennuksen parisuhdeosio lapsen syntymän muutoksista.
couple_counselling | couple_support | early_support | Parisuhdeneuvonta | Parrådgivning | Couple counselling | Parisuhdeterapeutin keskustelut kriisiin tai ristiriitoihin.
family_work | | early_support | Perhetyö ja varhainen tuki | Familjearbete och tidigt stöd | Family work and early support | Lyhytkestoinen tuki perheen arkeen ja vanhemmuuteen.
preventive_family_work | family_work | early_support | Ennalta ehkäisevä perhetyö | Förebyggande familjearbete | Preventive family work | Perheohjaajan tuki kotona ennen kuin pulmat kasvavat.
clinic_family_work | family_work | early_support | Neuvolan perhetyö | Rådgivningens familjearbete | Clinic family work | Perhetyö, jonka asiakkaaksi tullaan oman terveydenhoitajan kautta.
day_care_family_work | family_work | early_support | Päivähoidon perhetyö | Dagvårdens familjearbete | Day-care family work | Perhetyö päivähoidon ja kodin yhteistyönä.
school_family_work | family_work | early_support | Koulun perhetyö | Skolans familjearbete | School family work | Perhetyö koululaisten perheille.
regional_family_work | family_work | regional | Seudullinen perhetyö | Regionalt familjearbete | Regional family work | Usean kunnan yhteinen perhetyö.
home_help | family_work | early_support | Lapsiperheiden kotipalvelu | Hemservice för barnfamiljer | Home help for families | Apua kodin ja lasten hoitoon tilapäisesti, esim. synnytyksen jälkeen.
sleep_counselling | family_work | early_support | Uniohjaus | Sömnrådgivning | Sleep counselling | Tukea vauvan uni-valverytmin pulmiin.
postnatal_support | family_work | early_support | Synnytyksen jälkeisen masennuksen tuki | Stöd vid förlossningsdepression | Postnatal depression support | Tukea äidin tai isän väsymykseen ja masennukseen vauva-aikana.
parenting_support | family_work | early_support | Kasvatusneuvonta | Uppfostringsrådgivning | Parenting advice | Keskusteluapua kasvatuksen ja arjen kysymyksiin.
guidance | | early_support | Palveluohjaus ja yhteistyö | Servicehandledning och samarbete | Service guidance and cooperation | Palveluohjaus, moniammatillinen tiimi ja neuvonta.
service_guidance | guidance | early_support | Palveluohjaus | Servicehandledning | Service guidance | Perhe ohjataan oikeaan palveluun ja erityispalveluihin.
multi_professional_team | guidance | early_support | Moniammatillinen tiimi | Multiprofessionellt team | Multi-professional team | Neuvolan tiimi: terveydenhoitajat, lääkäri, psykologi, sosiaalityöntekijä ja perhetyöntekijät.
social_work | guidance | early_support | Lapsiperheiden sosiaalityö | Socialt arbete för barnfamiljer | Social work for families | Sosiaalityöntekijän neuvonta ja palvelutarpeen arviointi.
online_consultation | guidance | community | Verkkokonsultaatio | Nätkonsultation | Online consultation | Asiantuntijaryhmä vastaa kysymyksiin verkossa viikon kuluessa.
helpline | guidance | community | Auttava puhelin | Hjälptelefon | Helpline | Nimetön puhelin- tai chat-neuvonta vanhemmille.
special_services | | special | Erityispalvelut | Specialtjänster | Special services | Seudulliset ja erityistason lapsi- ja perhepalvelut.
family_guidance_clinic | special_services | regional | Perheneuvola | Familjerådgivning | Family guidance clinic | Kasvatus- ja perheneuvonta lapsen kehityksen ja perheen pulmiin.
child_psychiatry | special_services | special | Lastenpsykiatria | Barnpsykiatri | Child psychiatry | Lasten mielenterveyden erikoissairaanhoito lähetteellä.
speech_therapy | special_services | regional | Puheterapia | Talterapi | Speech therapy | Lapsen puheen ja kielen kehityksen tutkimus ja kuntoutus.
child_welfare | special_services | special | Lastensuojelu | Barnskydd | Child welfare | Lastensuojelun avohuolto ja perhetyö.
child_welfare_family_work | special_services | special | Lastensuojelun perhetyö | Barnskyddets familjearbete | Child welfare family work | Intensiivinen perhetyö lastensuojelun asiakkuudessa.
parish_activities | | community | Seurakuntien toiminta | Församlingarnas verksamhet | Parish activities | Seurakuntien perhetyö, kerhot ja leirit.
parish_family_work | parish_activities | community | Seurakunnan perhetyö | Församlingens familjearbete | Parish family work | Diakonien, perheneuvojien ja lapsityönohjaajien työ perheiden kanssa.
family_camp | parish_activities | community | Perheleirit ja -retket | Familjeläger och utfärder | Family camps and outings | Leirit ja retket koko perheelle.
volunteering | | community | Vapaaehtoistoiminta | Frivilligverksamhet | Volunteering | Vapaaehtoisten tuki perheille ja vapaaehtoisten koulutus.
volunteer_support | volunteering | community | Vapaaehtoisten tuki perheille | Frivilligt stöd för familjer | Volunteer support for families | Perhekummit ja vapaaehtoiset arjen apuna.
grandparent_activities | volunteering | community | Isovanhempitoiminta | Mor- och farföräldraverksamhet | Grandparent activities | Varamummot ja -vaarit sekä kylämummit perheiden tukena.
childminding | volunteering | community | Lastenhoitoapu | Barnvaktshjälp | Childminding service | Tilapäinen lastenhoito koulutetulta hoitajalta.
volunteer_training | volunteering | community | Ryhmänohjaajien koulutus | Utbildning för gruppledare | Training for group leaders | Vertaisryhmien vapaaehtoisten ohjaajien koulutus.
leisure | | community | Harrastukset ja kulttuuri | Fritid och kultur | Leisure and culture | Perheiden yhteiset harrastukset ja tapahtumat.
playgroup | leisure | community | Leikkiryhmä | Lekgrupp | Playgroup | Ohjattua leikkiä lapsille ja vanhemmille.
music_arts | leisure | community | Musiikki ja taide perheille | Musik och konst för familjer | Music and arts for families | Perhemuskari, vauvarytmiikka ja taidetyöpajat.
family_sports | leisure | community | Perheliikunta | Familjemotion | Family sports | Liikuntaa vanhemmille ja lapsille yhdessä.
library_activities | leisure | community | Kirjaston perhetoiminta | Bibliotekets familjeverksamhet | Library activities for families | Satutunnit ja vauvaloruhetket.
family_events | leisure | community | Perhetapahtumat | Familjeevenemang | Family events | Alueen toimijoiden yhteiset tapahtumat perheille.
"""


TIERS = ("community", "basic", "early_support", "regional", "special")  # the values of models.Tier


def _parse(table: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    for line in table.strip().splitlines():
        code, parent, tier, fi, sv, en, description_fi = (part.strip() for part in line.split("|"))
        # Guard the table's own shape at import, so a typo fails loudly in every test run.
        if code in seen or (parent and parent not in seen) or tier not in TIERS:
            raise ValueError(f"service type table: bad row {code!r}")
        seen.add(code)
        row: dict[str, Any] = {
            "code": code,
            "fi": fi,
            "sv": sv,
            "en": en,
            "tier": tier,
            "description_fi": description_fi,
        }
        if parent:
            row["parent"] = parent
        rows.append(row)
    return rows


SERVICE_TYPES: list[dict[str, Any]] = _parse(_TABLE)
