"""Synthetic corpus of Regional Reducing Reoffending Plans, for scale benchmarks.

    python benchmarks/synth.py --documents 1000 --out /tmp/synth-1000 [--seed 7]

Writes N plain-text plan documents laid out like the real ones in data/plans/, so that the
project's own reader, parser and builder run on them (`rrp build --corpus DIR`):

* about three annual updates for every three-year plan. Updates follow
  yorkshire-and-the-humber- and east-midlands-annual-update-2023.txt (title block, contents,
  foreword with signatures and the national quotes, "Delivering HMPPS and MOJ priorities",
  four "… progress" themes with "Regional targets", "We said we would:" and "What we have
  done so far – Outcome Progress:", priorities and opportunities); plans follow
  west-midlands-plan-2022-25.txt (vision, about the region, achievements, themes with
  regional context, important partners, targets, three-year objectives and activities,
  our partners, glossary);
* five quantified targets per document in the exact sentence shapes of the real plans, with
  consistent numbers (target = baseline + change; baseline month before the deadline);
* wording recombined from the real plans' bullets with substitutions: the region, its
  places, prisons from data/gazetteer/prisons.csv, organisations (labels and aliases) from
  data/gazetteer/organisations.csv, numbers and years. National passages (the Director
  General's and the PCC leads' quotes, "Delivering HMPPS and MOJ priorities", the glossary)
  recur word for word, and the national achievements list is shared by a year's updates,
  as in the real corpus.

Document identity. rrp_graph identifies a document by region, kind and year alone
(`DocumentInfo.slug` = "{region}-{kind}-{year}"), and refuses two documents with the same
slug. So each synthetic document gets its own (region, kind, year): plans for the cycles
2001-04, 2004-07, …, 2098-01 and annual updates for every year 2002-2098, all deadlines
≤ 2099 (the target and year patterns only read 20xx). That is 33 plans + 97 updates per
region, 1,560 documents at most; asking for more is an error (see README.md).

Every document's text depends only on the seed and its own identity, not on N, so the
100-document corpus is a superset of the 5-document one. Plain standard library only.
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GAZETTEER = ROOT / "data" / "gazetteer"

FIRST_CYCLE, LAST_YEAR = 2001, 2098  # plan cycles start 2001, 2004, …; no date may pass 2099

# region → (spellings a title may use, places in it)
REGIONS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "North East": (("North East",), ("Durham", "Teesside", "Northumberland", "Tyne and Wear", "Sunderland",
                                      "Gateshead")),
    "North West": (("North West",), ("Cumbria", "Lancashire", "Merseyside", "Cheshire", "Liverpool", "Preston")),
    "Yorkshire and The Humber": (("Yorkshire and The Humber", "Yorkshire & The Humber", "Yorkshire and the Humber"),
                                 ("South Yorkshire", "West Yorkshire", "Humberside", "Leeds", "Sheffield", "Hull")),
    "Greater Manchester": (("Greater Manchester",), ("Manchester", "Salford", "Bolton", "Wigan", "Stockport",
                                                     "Oldham")),
    "West Midlands": (("West Midlands",), ("Birmingham", "Coventry", "Staffordshire", "Warwickshire",
                                           "Wolverhampton", "Stoke on Trent")),
    "East Midlands": (("East Midlands",), ("Nottingham", "Leicester", "Derby", "Lincolnshire", "Northamptonshire",
                                           "Leicestershire")),
    "East of England": (("East of England",), ("Norfolk", "Suffolk", "Essex", "Cambridgeshire", "Bedfordshire",
                                               "Hertfordshire")),
    "Wales": (("Wales",), ("Cardiff", "Swansea", "Gwent", "Dyfed-Powys", "Newport", "Wrexham")),
    "South West": (("South West",), ("Bristol", "Devon", "Cornwall", "Somerset", "Gloucestershire", "Dorset")),
    "South Central": (("South Central",), ("Hampshire", "Thames Valley", "Oxford", "Southampton", "Isle of Wight",
                                           "Reading")),
    "Kent, Surrey and Sussex": (("Kent, Surrey and Sussex", "Kent, Surrey & Sussex"),
                                ("Kent", "Surrey", "Sussex", "Brighton", "Medway", "Canterbury")),
    "London": (("London",), ("Lambeth", "Croydon", "Camden", "Hackney", "Newham", "Ealing")),
}

FIRST_NAMES = ("Sarah", "Martin", "Lynda", "Helen", "Angela", "Paul", "Teresa", "Mark", "Bronwen", "Simon", "Kate",
               "David", "Rachel", "Ian", "Claire", "Gareth", "Joanne", "Andrew", "Nicola", "Richard", "Fiona",
               "Stephen", "Louise", "Michael", "Amanda", "Jonathan", "Emma", "Graham", "Ruth", "Philip")
SURNAMES = ("Chand", "Davies", "Marginson", "Judge", "Cossins", "Woods", "Clarke", "Livingston", "Elphick",
            "Walters", "Hendrick", "Cawkwell", "Morgan", "Patel", "Hughes", "Whitfield", "Okafor", "Brennan",
            "Lindsay", "Ashworth", "Kaur", "Pritchard", "Holloway", "McAllister", "Fenwick", "Osborne", "Rahman",
            "Thornton", "Gallagher", "Beaumont")

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


# --------------------------------------------------------------------------------------------
# Gazetteer-backed vocabularies


def _rows(name: str) -> list[dict[str, str]]:
    with (GAZETTEER / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _names(row: dict[str, str]) -> list[str]:
    # "Llywodraeth Cymru@cy": the tag says the alias's language, it is no part of the name
    return [row["label"], *(re.sub(r"@[a-z]{2,3}$", "", a.strip()) for a in (row.get("aliases") or "").split("|")
                            if a.strip())]


PROVIDER_TYPES = {"crs-provider", "private-provider", "voluntary-sector", "employer", "national-programme",
                  "partnership"}


@dataclass(frozen=True)
class Vocab:
    prisons: tuple[tuple[str, ...], ...]  # each prison's names (label first)
    partners: tuple[tuple[str, ...], ...]  # named organisations (not categories), label first
    providers: tuple[tuple[str, ...], ...]  # the partners that deliver services ({org} slots)
    collective: tuple[str, ...]  # partner categories, as named in running text

    @classmethod
    def load(cls) -> Vocab:
        prisons = tuple(tuple(_names(r)) for r in _rows("prisons.csv"))
        orgs = _rows("organisations.csv")
        skip = {"judiciary", "courts"}  # aliases such as "magistrates" read oddly as a partner's name
        named = [r for r in orgs if r["category"].strip() != "yes" and r["id"] not in skip]
        partners = tuple(tuple(n for n in _names(r) if len(n) > 3 or n.isupper()) for r in named)
        providers = tuple(tuple(n for n in _names(r) if len(n) > 3 or n.isupper()) for r in named
                          if r["type"].strip() in PROVIDER_TYPES)
        collective = tuple(r["label"][:1].lower() + r["label"][1:] if not r["label"].isupper() else r["label"]
                           for r in orgs if r["category"].strip() == "yes")
        return cls(prisons=prisons, partners=partners, providers=providers, collective=collective)


# --------------------------------------------------------------------------------------------
# Text pools, drawn from the real plans. Slots: {R} region, {place}, {place2}, {prison},
# {prison2}, {org}, {org2}, {groups} (a partner category), {n} {m} small numbers, {big},
# {Y} the document's year, {Y1} the next year, {month}.

FOREWORD_OPENINGS = [
    "Welcome to the annual update of our {R} Regional Reducing Reoffending Plan. We are excited to share our review "
    "of progress so far and to take the opportunity to signal our intentions and priorities over the coming year.",
    "Welcome to the {R} Regional Reducing Reoffending Plan update. Both the {R} Probation Service and Prison group "
    "are fully committed to the aims outlined in this plan and believe we have the partnership arrangements in place "
    "to enable us to do so.",
    "We are pleased to report on the progress which is being made against our Reducing Reoffending Plan {P}, "
    "throughout the {R} region. We are confident that such achievements are contributing to our ultimate goals to "
    "reduce reoffending, prevent victims and keep our communities safe.",
    "The work outlined in this updated Regional Reducing Reoffending Plan builds on our whole system approach, which "
    "values the contributions of all partners to achieving HM Prison and Probation Service's shared vision of working "
    "together to protect the public and help people lead law-abiding and positive lives across {R}.",
]
FOREWORD_BODY = [
    "We have made good progress in supporting prison leavers into employment, with independent Employment Advisory "
    "Boards now in place at {prison} and {prison2}. Heads of Education, Skills and Work have been recruited, a role "
    "which provides an exciting opportunity to bring educational expertise and leadership into prisons.",
    "We have made significant investment to support people with neurodivergent needs, through the regional outcomes "
    "and innovation fund, including commissioning a service through {org}. Neurodiversity Support Managers have been "
    "recruited in prisons to work with individuals, train staff and support continuity of care on release.",
    "We have recruited a regional Health and Justice team to support continuity of care across substance misuse and "
    "mental health. Community Sentence Treatment Requirements are now available in {place} courts, with plans for "
    "roll out in {place2} in the next {n} months.",
    "Our Homelessness Prevention Team have continued to deliver an innovative accommodation scheme in partnership "
    "with our provider, {org}, to ensure that prison leavers who would otherwise be homeless have temporary "
    "accommodation up to 84 nights.",
    "We work together with all {n} Police and Crime Commissioners (PCC) to address accommodation needs, substance "
    "misuse issues and a smoother transition from custody to community; with our Local Criminal Justice Partnership "
    "Boards in {place} and {place2}.",
    "We are incredibly proud of our achievements despite challenges we have faced over this year. A new Finance, "
    "Benefit and Debt service went live in {place}, and we launched our Community Accommodation Service (CAS3) to "
    "provide {big} beds for prison leavers at risk of homelessness.",
    "Prison and Probation colleagues continue to enjoy closer working relationships under the OneHMPPS model, which "
    "increases our focus on operational delivery. This could not be achieved without the valued contributions of "
    "{groups} and our network of service providers across the {R} region.",
    "In this annual update, we renew our ambitions to improve services for women, under the Female Offender "
    "Strategy, and work with {org} to improve outcomes for young people and those from ethnic minority groups.",
    "During the last twelve months we have successfully established resettlement teams at {prison} dedicated to "
    "supporting prison leavers to help break the cycle of crime and to reduce reoffending in {place}.",
]

DG_QUOTE = (
    "“Reducing reoffending remains a critical priority if we are to reduce the effects of crime on communities and "
    "keep our citizens safe. These annual updates demonstrate our continuing work to tackle the drivers for "
    "reoffending and help people live decent, law-abiding lives by improving access to employment, accommodation, "
    "substance misuse treatment, and tackling anti-social behaviour. We could not do this without our partners "
    "across and outside of government, and we will strive for a joined-up, cohesive system to achieve excellence in "
    "rehabilitation.”"
)
PCC_QUOTE = (
    "“Police and Crime Commissioners in England and Wales are dedicated to collaborating with HMPPS and our various "
    "local, regional, and national partners to reduce reoffending rates and maintain community safety. The updated "
    "regional Reducing Reoffending Plans highlight the importance of partnership collaboration, and all "
    "Commissioners have been involved in shaping these plans to align with local Police and Crime Plan priorities. "
    "It is only through collective efforts that we can bring about positive changes for the public, such as "
    "reducing crime, protecting victims, and keeping communities safe. We will closely cooperate with each Regional "
    "Probation Director to implement their plans, which will include the exploration of new and innovative "
    "approaches to community payback and rehabilitation through co-commissioning opportunities.”"
)
PCC_SIGNATURE = ("Emily Spurrell (Deputy Criminal Justice System Lead) and\nDavid Lloyd (Criminal Justice System "
                 "Lead), Police and\nCrime Commission")

PRIORITIES_NATIONAL = [
    "We continue to reduce reoffending by providing high quality interventions, and targeted support for those under "
    "our supervision, including our prison leavers and women, who have unique needs, to make a success of their "
    "lives. Arrangements for children and young people are not currently reflected in these plans.",
    "We know that people who leave prison with a strong foundation in place are less likely to reoffend. Regional "
    "Reducing Reoffending Plans support improving outcomes across a range of areas including **accommodation**, "
    "**education**, **employment** and **health**, and address the **thinking**, **attitudes** and **behaviours** "
    "that lead to reoffending.",
    "This government has committed significant funding to support this work. We continue to work collaboratively "
    "with our partners targeting delivery of services, maximising co-commissioning opportunities and achieving the "
    "priorities outlined in the Regional Reducing Reoffending Plans.",
    "Over the past year, we have navigated a period of significant challenge, including increased demands on "
    "services and workforce pressures. Throughout, our focus has remained on maintaining agreed service delivery to "
    "the best of our abilities.",
]
NATIONAL_ACHIEVEMENTS = [
    "launch of the Community Accommodation Service Tier 3, increasing available bedspaces to {big} and housing over "
    "{big2} individuals who would otherwise be held in prison",
    "publication of the HMPPS approach to the management and rehabilitation of people convicted of sexual offences",
    "strategic review of all HMPPS designed accredited programmes",
    "new Employment Hubs and Employment Boards rolled out in {n2} prisons. Since April {Ym1}, the proportion of "
    "prison leavers finding work within six weeks of release increased from {a}% to {b}%",
    "hired over 100 Heads of Education, Skills and Work to lead and improve the curriculum for education and "
    "employment in prison",
    "investment in over 50 Health & Justice Coordinator posts nationwide to support our substance misuse strategy",
    "expansion of the Resettlement Passport to {n2} prisons, bringing together the support prison leavers need on "
    "release",
    "roll-out of Alcohol Abstinence Monitoring Requirements to every court in England and Wales",
    "recruitment of {big} new probation officers into the Professional Qualification in Probation",
]
PRIORITIES_CLOSING = [
    "Looking ahead, we remain dedicated to delivering on the priorities outlined in these plans and recognise the "
    "importance of opportunities for collaboration across organisations to better use our collective resources and "
    "expertise.",
    "Over the coming year, the OneHMPPS programme will create opportunities to further join up efforts across "
    "prisons and probation in our local partnership engagement, supporting HMPPS and our stakeholders to work more "
    "holistically to reduce reoffending.",
    "We will continue to collaborate with statutory partners, private and voluntary-sector organisations, breaking "
    "down barriers to desistance from crime and work closely with Police and Crime Commissioners supporting our "
    "shared rehabilitation priorities.",
]

THEMES = ("training", "drugs", "family", "court")
THEME_HEADINGS = {
    "training": "Training, skills and work",
    "drugs": "Drugs and alcohol addiction",
    "family": "Family, accommodation and readjustment to society",
    "court": "Delivering the order of the court",
}
THEME_INTROS = {
    "training": "Employment and education provide opportunities for people in prison and on probation to gain "
    "independence and contribute to wider society. Prison leavers who get a job are up to nine percentage points "
    "less likely to reoffend, which cuts crime and helps to protect the public. We will continue to raise the skills "
    "and qualifications of women, so they are more likely to secure employment on release.",
    "drugs": "People with substance misuse issues must experience continuity of care when they leave prison to "
    "ensure **access to the right treatment**. Community-based drug or alcohol treatment can cut crime by increasing "
    "the number of people who do not reoffend in the two years after treatment to 44% (Public Health England and "
    "MoJ, 2017).",
    "family": "Risk of reoffending is reduced if people can rebuild **community and family connections** and access "
    "safe, stable accommodation. Prison leavers without stable **accommodation** are almost 50% more likely to "
    "break the law again. HMPPS supports people to maintain positive relationships while in custody and on release, "
    "including partnership working with Contracted Family Service providers, the Prisoners' Families Helpline and "
    "faith-based organisations.",
    "court": "HMPPS monitors the people under our supervision rigorously and ensures they understand the "
    "consequences of not complying with an Order of the Court. This is crucial to reducing reoffending, making "
    "communities safer and preventing people becoming victims of crime.",
}
DRUG_TARGETS = [
    "Community Sentence Treatment Requirements (CSTRs) include Drug Rehabilitation Requirements (DRRs), Alcohol "
    "Treatment Requirements (ATRs) and primary/secondary care Mental Health Treatment Requirements (MHTRs). These "
    "requirements seek to provide people in our care with the treatment they need to address the underlying causes "
    "of their offending behaviour, in the community.",
    "We are driving up use of treatment requirements for those that are eligible through new investment working in "
    "collaboration with the Courts, NHS, and Treatment providers.",
]

PLAN_DRUG_TARGETS = [
    "Community sentence treatment requirements (including drug rehabilitation requirements, alcohol treatment "
    "requirements and primary/secondary care mental health treatment requirements) will seek to provide offenders "
    "with the treatment they need to address the underlying causes of their offending behaviour",
    "We will drive up use of treatment requirements for those who are eligible through new investment, working in "
    "collaboration with the courts, NHS, and treatment providers",
]

COMMITMENTS = {
    "training": [
        "Establish Employment Advisory Boards in each prison to connect employers with prisons, starting with {prison} "
        "and {prison2}.",
        "Continue partnership working through the regional employability steering group, with {org} and {org2}.",
        "Introduce a prison employment lead role in all {place} sites and {prison}, to lead on the construction of an "
        "end-to-end prison employment pathway.",
        "Continue to develop the prisoner education service and expand resource to look at all aspects of the current "
        "contract to help people in prison improve job prospects.",
        "Refine curricula at {prison} to take account of local and national market intelligence and cohort and prison "
        "segmentation data.",
        "Continue to strengthen links between {org} and prison Employment Hubs to maximise employment prospects on "
        "release.",
        "Embed Prison Employment Boards in each resettlement prison, chaired by local business leaders in {place}, by "
        "{Y1}.",
        "Increase referrals to Co-Financing Organisation (CFO) activity hubs for those having difficulty accessing "
        "mainstream services, with a particular focus on social inclusion.",
        "Deliver an embedded peer mentoring strategy across {place} by the end of {Y}.",
        "Increase the number of unpaid work placements through working with {org} to increase access and reduce "
        "waiting times.",
        "Ensure neurodiversity specialist roles are present in {prison}, with neurodiversity high on the prison "
        "education agenda.",
        "Develop a joint regional education, training and employment plan with prisons, probation and {n} local "
        "business leaders.",
        "Fully utilise the Education, Training and Employment (ETE) allowance for Unpaid Work participants in {place}.",
        "Continue to extend the number of work places available through the Going Forward into Employment (GFiE) "
        "scheme.",
    ],
    "drugs": [
        "Co-commission with local authorities in {place} to enhance community drug treatment services.",
        "Increase referrals into treatment from people on probation who are subject to drug treatment requirements "
        "and alcohol treatment requirements from court.",
        "Increase alcohol monitoring on prison licence and increase support services for alcohol addiction.",
        "Deploy health and justice co-ordinators in {prison} and {prison2} and continue to develop continuity of care "
        "pathways from custody to community support and treatment.",
        "Deliver the Prison Drugs Strategy at {prison}, including supply reduction, debt strategy and enhanced gate "
        "security and body scanners by {Y}-{y1}.",
        "Engage with {org} to ensure people with substance misuse issues are identified, assessed and offered "
        "appropriate interventions and treatment throughout their journey in the criminal justice system.",
        "Implement the community integration team (CIT) model for the resettlement of prison leavers from {prison}, "
        "including continuity of care and treatment for drug and alcohol use.",
        "Develop strategies to reduce drug-related deaths and morbidity in {place}, including raising staff awareness "
        "of appropriate health and harm reduction interventions.",
        "Work with {groups} to increase the number of people in treatment, including those with multiple and complex "
        "needs.",
        "Roll out services to support community sentence treatment requirement orders as directed by the courts in "
        "{place2}.",
        "Identify, pilot and commission services for other addictive behaviours such as gambling with {org}.",
        "Expand the use of alcohol tagging as directed by the courts.",
    ],
    "family": [
        "Work with {org} to ensure prison leavers and people on probation get the best support in securing and "
        "maintaining suitable accommodation.",
        "Continue to develop capacity with Community Accommodation Service (CAS) provision in {place}.",
        "Continue effective partnership with the regional accommodation steering group to develop pathways into "
        "appropriate and sustainable accommodation.",
        "Work with NHS England to roll out the RECONNECT care after custody service, piloting telemedicine at {prison} "
        "and {prison2}.",
        "Commission family services contracts to improve connections and relationships by {Y}-{y1}, supported by "
        "investment in digital technology to increase remote access.",
        "Support the rollout of new transitional accommodation for prison leavers at risk of homelessness across "
        "{place} and {place2}.",
        "Continue to develop innovative work with {org} around enabling women to reintegrate into communities.",
        "Promote children and families provision in {prison} and other prison establishments.",
        "Add pre-release resource to prison staffing at {prison} to focus on all aspects of release planning and "
        "resettlement back into communities.",
        "Create a finance, benefit and debt service in {Y}-{y1} for people on probation in {place}.",
        "Increase the number of charities prepared to deliver services within {prison}, focusing on supporting people "
        "throughout their time in prison.",
        "Develop a peer mentoring model with {org} with a view to improving access to community activities and "
        "support.",
    ],
    "court": [
        "Increase the volume of pre-sentence reports delivered to courts in {place}, ensuring sufficient information "
        "is provided about the case to support effective sentencing.",
        "Use outcomes from audits and inspections by HM Inspectorate of Probation to inform and prioritise our "
        "learning and development needs across the region.",
        "Increase proposals for electronic monitoring to aid compliance and reduce reoffending.",
        "Ensure the voice of the victim is incorporated into all aspects of offender management in {place2}.",
        "Liaise with HM Courts and Tribunals Service and sentencers to ensure they are aware of all sentencing options "
        "to promote compliance.",
        "Expand resources for {prison} as a reception prison to enhance the initial needs assessments.",
        "Develop a range of co-commissioned services with {org} to enhance the management of risk, such as stalking "
        "interventions and restorative justice.",
        "Work with {groups} in the monitoring and oversight of integrated offender management services in {place}.",
        "Implement the revised Integrated Offender Management Strategy to enable police and probation teams to better "
        "meet the identified local priorities.",
        "Recruit proactively to ensure a robust and resilient workforce, including {n} specialist roles in prisons "
        "and in the community.",
        "Increase the numbers of pre-sentence reports completed on the day in {place}.",
        "Continue to comply with the Victims' Code of Practice.",
    ],
}
PROGRESS = {
    "training": [
        "Employment Advisory Boards have been introduced at {prison} with chairs from a range of business sectors to "
        "drive new opportunities for prison leavers.",
        "Regional employability steering groups run quarterly with representation from the Prisons, Probation, "
        "{org} and {org2}.",
        "Prison Employment Leads in post at {prison} and part of national and regional networks.",
        "There are {n2} established Peer Mentors in {place}, with more mentors undergoing training.",
        "Employment outcomes in the region continue to improve. Our community provider {org} continue to work with "
        "the Department for Work and Pensions and prison Employment Hubs.",
        "CFO referrals are steadily increasing, and work has begun in Activity Hubs in {place} and {place2}.",
        "The Going Forward into Employment scheme is underway, with {n} Unpaid Work Supervisors with lived experience "
        "recruited across the Region.",
        "Recruited Heads of Education, Skills and Work to all prisons, to improve training and employment "
        "opportunities.",
        "Successfully recruited {n} additional Neurodiversity Support Managers into {prison} and {prison2}.",
        "Employment Hubs are now active in all resettlement prisons, and some non-resettlement, that regularly release "
        "prisoners.",
        "Made full use of the ETE allowance for Unpaid Work participants.",
    ],
    "drugs": [
        "Co-commissioning arrangements have been successfully implemented in the {place} area. Other areas are in "
        "progress.",
        "Community Sentence Treatment Requirement numbers are beginning to rise as we work in collaboration with NHS "
        "partners and Courts to ensure treatments needs are met.",
        "Recruited {n} Health and Justice Co-ordinators within probation to uplift Community Sentence Treatment "
        "Requirements (CSTRs) across all sites.",
        "Across {prison} and {prison2} between January {Y} and May {Y}, body scanners have intercepted {big} attempts "
        "to convey illicit items.",
        "Introduced and embedded Independent Substance Free Living initiatives in {prison} and {prison2}.",
        "An Intensive Supervision Court pilot is underway in {place}, focussing on substance misuse.",
        "We have commissioned a Dependency and Recovery Service with {org}, linking with Local Authority Substance "
        "Misuse providers.",
        "Established strong partnership links with {groups} to improve health outcomes across the region.",
        "Utilisation of alcohol monitoring is increasing across the Probation Delivery Units in {place}.",
        "The Health and Justice Partnership team has been created to support continuity for prison leavers.",
    ],
    "family": [
        "Continued to increase Community Accommodation Service – Tier 3 (CAS3) beds in {place} so prison leavers who "
        "would otherwise have been homeless on release have access to temporary accommodation.",
        "A regional team of Strategic Housing Specialists are working within {prison} and with Local Authorities to "
        "overcome barriers to successful accommodation outcomes.",
        "{prison} digital visits hub has been successfully implemented, enhancing family ties for all prisoners.",
        "We continue to work with {org} on supporting routes into accommodation, and the pilot of the new "
        "Resettlement Passport at {prison}.",
        "The Community Finance, Benefit and Debt service was successfully launched in {month} {Y}.",
        "At {prison} a newly launched restaurant provides prisoners opportunity to eat meals with their children and "
        "family.",
        "All prisons have reviewed their family strategies and have implemented new families and significant other "
        "contracts.",
        "Launched the Community Accommodation Service Tier 3 to provide people who would otherwise be homeless on "
        "release with up to 84 nights temporary accommodation.",
        "All departments within {prison} look to include and expand their support services available through {org} "
        "and {org2}.",
        "Commissioned services with {org} to support people with neurodiverse conditions.",
    ],
    "court": [
        "Court performance improvements in {place} focus on Pre-Sentence Report productivity to assure targeting of "
        "community sentences is appropriate.",
        "Funded Buddi tags in {place} to support the monitoring of those subject to integrated offender management.",
        "Co-commissioned restorative justice services with {org} to support victims in {place2}.",
        "The National IOM model has been implemented regionally with local police forces, our cohort size has "
        "increased by {n2}%.",
        "Convened an Integrated Offender Management and Electronic Monitoring Project Board to drive activity across "
        "these agendas.",
        "Maintained high standards of delivery against the Victim Code through dedicated Victim Contact Teams in "
        "{place}.",
        "In the first quarter, we have seen an increase in Pre-Sentence Reports completed on the day.",
        "We have implemented the new national Integrated Offender Management (IOM) model to better meet local "
        "priorities.",
        "Upskilled Business Managers in workforce planning tools to enable regional recruitment and resourcing "
        "decisions.",
        "Audit and inspection outcomes are regularly discussed at the Regional Operations Board with {groups}.",
    ],
}
NEXT_YEAR = [
    "Public Protection and Reducing Reoffending sits at the heart of our work. In {Y}-{y1} we will cut crime and "
    "tackle repeat offending by increasing reform, rehabilitation and resettlement provision in prison and after "
    "release.",
    "To do this we will continue to strengthen our relationships with local partners, including {groups}, "
    "combatting drug partnerships and private, voluntary and community sector providers such as {org}.",
    "The {R} Region will continue to strengthen the close working relationship between Prison and Probation "
    "colleagues as part of OneHMPPS.",
    "We also take this opportunity to renew our commitment to the Female Offender Strategy, working closely with "
    "colleagues in {prison} to improve outcomes for women on release.",
    "We will also prioritise improving outcomes for young people (18-25), working with releasing prisons and Youth "
    "Justice colleagues in {place} to improve transitions between settings.",
    "Internally, through the OneHMPPS programme we will bring prisons and probation closer together and focus all "
    "our work on supporting the frontline.",
]
OPPORTUNITIES = [
    ("Accommodation", "We will bring custodial Strategic Housing functions, pre-release planning, Community "
     "Accommodation Service (CAS3) and community provision in {place} closer together."),
    ("Employment", "We will increase employability on release by further developing our partnerships with {org} and "
     "New Futures Network."),
    ("Health", "We will better connect prison drug strategy, healthcare and community treatment at {prison} to "
     "increase the continuity of care of prison leavers into treatment."),
    ("Women, Ethnic Minorities, Young People", "Amongst the reoffending themes above, we will prioritise improving "
     "outcomes for these often marginalised groups in {place2}."),
    ("Accommodation", "Focus on continuity of care for prison leavers, to ensure access to substance misuse and "
     "mental health support, which includes use of Naloxone to reduce drug related deaths."),
    ("Employment", "{prison} will benefit from being part of the HMP Academies Project, where selected businesses "
     "operate within the establishment to offer longer term training."),
    ("Health", "Promote a whole system approach, internally and with {groups}, to fully implement reducing "
     "reoffending and harm reduction strategies."),
    ("Employment", "Expand the reach of community payback in {place}, including increased placement opportunities, "
     "to promote work related skills."),
]

# Appended to a slot-free regional bullet, so that regions do not share it word for word
REGIONAL_TAILS = [" in {place}", " across {place} and {place2}", ", working with {org} in {place}",
                  ", with {groups} in {place}", " at {prison}", " across the {R} region"]

# Three-year plans (west-midlands-plan-2022-25.txt)
CONTEXT = {
    "training": [
        "For {P}, {R} probation is investing £{n}.{m} million for Commissioned Rehabilitative Services focused on "
        "education, training and employment in the community.",
        "Nationally, around {n2}% of people on probation have an education, training and employment need.",
        "Strong liaison is encouraged between Probation Delivery Units in {place} and prisons, {org}, the "
        "Co-Financing Organisation and its hubs and the New Futures Network.",
    ],
    "drugs": [
        "{R} faces multiple substance-related challenges, including {place} being ranked among the highest local "
        "authorities in the country for prevalence of opiate and crack use.",
        "We will continue work in partnership with established networks such as {groups} to streamline accessible "
        "provision and pilot innovative approaches.",
        "We will raise awareness in our staff groups of foetal alcohol spectrum disorder and the risks of alcohol "
        "exposure during pregnancy.",
    ],
    "family": [
        "Accommodation consistently features as one of the major challenges for {R}, for both cases in the community "
        "and those on release from custody.",
        "{R} has commissioned a bespoke emergency bed space contract with {org}, live from January {Y}, for prison "
        "leavers at risk of homelessness.",
        "The Community Accommodation Service project is due for implementation in {place} in late {Y}.",
    ],
    "court": [
        "The region has a strong track record in delivering timely court reports and proposing appropriate sentencing "
        "options in {place} and {place2}.",
        "A pilot project will work with {org} to promote understanding of the Victim Contact Scheme within the "
        "community.",
        "The senior leadership forum brings together leaders from probation and {prison} to make sure custodial "
        "sentences are delivered effectively.",
    ],
}
PARTNER_ROLES = {
    "training": ["{org}, the Commissioned Rehabilitative Services provider we contract to improve education, training "
                 "and employment outcomes", "Police and crime commissioners, who commission education, training and "
                 "employment support locally", "Department for Work and Pensions, working in and out of prisons to "
                 "improve employability prospects", "New Futures Network, working with local employers to sell the "
                 "benefits of employing prison leavers", "Local and national employers"],
    "drugs": ["HM Courts and Tribunals Service, which sentences individuals to appropriate treatment requirements",
              "NHS England and the Office for Health Improvement and Disparities, working to link people into "
              "mainstream services on release", "{org}, commissioning services for local needs in {place}",
              "Voluntary sector drugs and alcohol organisations"],
    "family": ["Local authority housing providers and commissioners in {place}, supporting individuals to return to "
               "their home area", "Third sector and private housing providers", "Faith groups, offering support and "
               "opportunities to develop community links", "{org}, our Commissioned Rehabilitative Services provider "
               "for accommodation support"],
    "court": ["Police, an essential partner in the delivery of the Integrated Offender Management Strategy",
              "HM Courts and Tribunals Service and the judiciary, supporting increased compliance",
              "Electronic monitoring providers, working together to monitor and supervise individuals",
              "{org}, supporting the wellbeing and care of communities in {place}"],
}
OBJECTIVES = {
    "training": ["Increase the community caseload in employment six months after commencement",
                 "Increase community order cases engaged in education, training or employment",
                 "Increase uptake of employment and training opportunities through the New Futures Network",
                 "Ensure prisoners leave {prison} with improved literacy and numeracy skills",
                 "Ensure more prisoners work in prison, gaining relevant job skills"],
    "drugs": ["Increase appropriate treatment requirements sentenced by court for eligible cases in {place}",
              "Ensure more prison leavers who have a substance misuse problem are engaged in treatment three weeks "
              "after release", "Improve continuity of care for individuals in treatment, whether in the community or "
              "custody or moving between the two"],
    "family": ["Ensure more individuals under community supervision are in stable and suitable accommodation three "
               "months after supervision begins", "Ensure more prison leavers have accommodation within the first 24 "
               "hours of their release from prison", "Reduce the number of times where a lack of alternative "
               "accommodation is a driver to maintain troubled relationships"],
    "court": ["Increase employment of those with lived experience", "Expand peer mentoring, supporting those released "
              "from {prison} and in the successful completion of sentences", "Increase use of electronic monitoring "
              "as a stand-alone requirement", "Improve continuity of care for those moving between custody and "
              "community settings"],
}
ACTIVITIES = {
    "training": ["Ensure employment hubs in resettlement prisons such as {prison} are in place",
                 "Develop the prisoner education service, with clear plans for the next set of contracts",
                 "Improve the curriculum offered in prisons",
                 "Work across community and custodial settings with {org} to maximise the offer to people"],
    "drugs": ["Implement a new dependency and recovery Commissioned Rehabilitative Services contract by autumn {Y}",
              "Increase the numbers of community sentence treatment requirements in {place}",
              "Deliver brief alcohol interventions to those subject to alcohol abstinence monitoring requirements"],
    "family": ["Learn from our innovative bed space contract to identify areas of focus for accommodation",
               "Ensure all {R} approved premises complete their submission for Enabling Environment status by March "
               "{Y1}", "Ensure new transitional accommodation is in place in {place} by December {Y}",
               "Work with {org} to deliver an increased set of interventions supporting individuals to build social "
               "capital"],
    "court": ["Implement a contract engaging with people on probation to help embed routine consultation",
              "Maintain a close relationship with the National Security Division, triaging the most complex public "
              "protection cases", "Within one year, work in partnership with the police in {place} to create an "
              "integrated offender management performance framework"],
}
PLAN_ACHIEVEMENTS = [
    "A unified probation delivery organisation.",
    "A holistic Commissioned Rehabilitative Service for women implemented in June {Ym1} with {org}, including "
    "elements delivered pre-release in prison.",
    "Engagement events with the voluntary, community and social enterprise sector in {place} to explore the "
    "potential for future partnership working.",
    "Worked with {prison} to keep pre-release teams in place, leading to a faster implementation of the target "
    "operating model.",
    "{big} staff undertaking the Professional Qualification in Probation.",
    "Built on our relationships with children's services and the police in {place2} to ensure more information is "
    "shared to reduce domestic abuse and safeguard children.",
]
PLAN_NATIONAL = (
    "Reducing reoffending sits at the heart of our department's work. Around 80% of people who receive cautions or "
    "convictions have offended before.\n\n"
    "People who leave prison with strong foundations in place to make a success of their lives are less likely to "
    "reoffend. These foundations include **a stable home, a stronger connection to family and local community, a "
    "steady job, and good health free from substance misuse**. For women, this means a gender-informed approach to "
    "deliver better assessments and interventions.\n\n"
    "These plans outline how we will cut crime, make communities safer and prevent people becoming victims, by "
    "reducing reoffending and addressing the things that increase the risk of criminal behaviour.\n\n"
    "These plans are backed by a substantial investment over the next three years:\n\n"
    "- £200 million a year to improve prison leavers' access to accommodation, employment support and substance "
    "misuse treatment\n"
    "- making permanent the additional £155 million a year for the unified Probation Service, to support "
    "rehabilitation and improve public protection\n"
    "- £75 million a year to expand the use of GPS-enabled and alcohol abstinence-monitoring electronic tagging\n"
    "- £40 million a year to help offenders engage with substance misuse treatment and to tackle drug supply\n\n"
    "Working in partnership is crucial to driving our reducing reoffending ambitions forward. We know that by "
    "working collaboratively with our partners we will achieve better outcomes for victims, for our communities and "
    "for offenders.\n\n"
    "Jo Farrar\n\n"
    "Second Permanent Secretary and CEO, HMPPS\n\n"
    "Reducing Reoffending Plans demonstrate how we will work together to provide high-quality interventions and "
    "services. We know that having a job on release, a safe place to stay, access to the right health and substance "
    "misuse treatment, and supportive family and friends are some of the vital ingredients for a crime-free life.\n\n"
    "Amy Rees\n\n"
    "Director General of Probation and Wales, HMPPS\n\n"
    "Police and crime commissioners across England and Wales are committed to working in partnership with the "
    "Probation Service and all our local, regional and national partners to reduce reoffending and keep our "
    "communities safe. Only by working together can we deliver positive change on behalf of the public – cutting "
    "crime, keeping victims safe and helping our communities to thrive.\n\n"
    "Emily Spurrell\n\n"
    "(Deputy Criminal Justice System Lead) and\n\n"
    "David Lloyd\n\n"
    "(Criminal Justice System Lead), Police and Crime Commission"
)
GLOSSARY = [
    ("Acquisitive crime", "Where the offender derives material gain by illegal means, including shoplifting, "
     "burglary, robbery, theft and fraud."),
    ("Approved premises", "Provide residential supervision for offenders at high and very high risk of serious harm, "
     "released on licence to the community."),
    ("Co-commissioning", "Where two or more service commissioners align their priorities while retaining "
     "responsibility for their own resources."),
    ("Community payback", "A type of community order sentence that is unpaid work, such as removing graffiti or "
     "decorating public places and buildings."),
    ("Integrated offender management", "Provides a way in which criminal justice agencies and other partners can "
     "share information and supervise a small, targeted group of offenders."),
    ("Lived experience", "Refers to people who have been in prison or who have a conviction."),
    ("Probation Delivery Units", "Offices which serve geographic areas within each region, usually aligned with "
     "local authority areas."),
    ("Restorative justice", "The process that brings those harmed by crime and those responsible for the harm into "
     "communication."),
    ("Sentence plan", "An action plan to identify and address an individual's needs and risks."),
    ("Temporary licence", "Temporary release from prison to aid the resettlement of prisoners into the community."),
]


# --------------------------------------------------------------------------------------------
# Identities


@dataclass(frozen=True)
class Edition:
    region: str
    kind: str  # "annual-update" | "three-year-plan"
    year: int  # the update's year, or the plan's first year
    cycle: int  # first year of the plan period

    @property
    def period(self) -> str:
        return f"{self.cycle}-{(self.cycle + 3) % 100:02d}"

    @property
    def file_name(self) -> str:
        region = "".join(c if c.isalnum() else "-" for c in self.region.lower()).replace("--", "-")
        if self.kind == "annual-update":
            return f"{region}-annual-update-{self.year}.txt"
        return f"{region}-plan-{self.period}.txt"


def cycle_of(year: int) -> int:
    """The plan cycle an update of `year` belongs to (2023, 2024, 2025 → 2022-25)."""
    return year - 1 - ((year - (FIRST_CYCLE + 1)) % 3)


def editions(seed: int) -> list[Edition]:
    """Every distinct (region, kind, year) the identity logic can tell apart, in generation order.

    Nearest years to 2023 first; one plan for every three updates; regions in a seeded order.
    """
    regions = list(REGIONS)
    random.Random(f"{seed}|regions").shuffle(regions)
    update_years = sorted(range(FIRST_CYCLE + 1, LAST_YEAR + 1), key=lambda y: (abs(y - 2023), y))
    plan_years = sorted(range(FIRST_CYCLE, LAST_YEAR + 1, 3), key=lambda y: (abs(y - 2022), y))
    updates = [Edition(r, "annual-update", y, cycle_of(y)) for y in update_years for r in regions]
    plans = [Edition(r, "three-year-plan", y, y) for y in plan_years for r in regions]
    ordered: list[Edition] = []
    while updates or plans:
        for _ in range(3):
            if updates:
                ordered.append(updates.pop(0))
        if plans:
            ordered.append(plans.pop(0))
    return ordered


# --------------------------------------------------------------------------------------------
# Writing one document


class Writer:
    def __init__(self, edition: Edition, vocab: Vocab, seed: int) -> None:
        self.e, self.v = edition, vocab
        self.rng = random.Random(f"{seed}|{edition.region}|{edition.kind}|{edition.year}")
        region_rng = random.Random(f"{seed}|{edition.region}")
        self.places = REGIONS[edition.region][1]
        self.prisons = region_rng.sample(vocab.prisons, 10)  # the region's own estate
        cycle_rng = random.Random(f"{seed}|{edition.region}|people|{edition.cycle}")
        self.rpd = f"{cycle_rng.choice(FIRST_NAMES)} {cycle_rng.choice(SURNAMES)}"
        self.pgds = [f"{cycle_rng.choice(FIRST_NAMES)} {cycle_rng.choice(SURNAMES)}"
                     for _ in range(cycle_rng.choice((1, 1, 2)))]
        self.out: list[str] = []

    # slots
    def _prison(self) -> str:
        names = self.rng.choice(self.prisons)
        return names[0] if self.rng.random() < 0.8 else self.rng.choice(names)

    def _org(self) -> str:
        names = self.rng.choice(self.v.providers)
        return names[0] if self.rng.random() < 0.7 else self.rng.choice(names)

    def fill(self, template: str) -> str:
        r, e = self.rng, self.e
        places = r.sample(self.places, 2)
        values = {
            "R": e.region, "P": e.period, "Y": e.year, "Y1": e.year + 1, "Ym1": e.year - 1,
            "y1": f"{(e.year + 1) % 100:02d}", "place": places[0], "place2": places[1],
            "n": r.randint(2, 9), "m": r.randint(1, 9), "n2": r.randint(12, 95), "big": r.randint(120, 2900),
            "big2": r.randint(1000, 4000), "a": r.randint(10, 18), "b": r.randint(19, 26),
            "month": r.choice(MONTHS), "groups": r.choice(self.v.collective),
        }
        text = template
        # fresh draws per occurrence of the entity slots, so two slots in a sentence differ
        for slot, draw in (("{prison2}", self._prison), ("{prison}", self._prison), ("{org2}", self._org),
                           ("{org}", self._org)):
            while slot in text:
                text = text.replace(slot, draw(), 1)
        return text.format(**values)

    def para(self, text: str) -> None:
        self.out.append(text + "\n\n")

    def gap(self, blank_lines: int = 3) -> None:
        self.out.append("\n" * blank_lines)

    def bullets(self, items: list[str], marker: str = "-") -> None:
        self.out.append("".join(f"{marker} {item}\n" for item in items) + "\n")

    def pick(self, pool: list[str], low: int, high: int, local: float = 0.85) -> list[str]:
        """Some templates of the pool, filled; most of those without slots get a regional tail."""
        chosen = self.rng.sample(pool, min(len(pool), self.rng.randint(low, high)))
        return [self.fill(self.localise(t) if "{" not in t and self.rng.random() < local else t) for t in chosen]

    def localise(self, template: str) -> str:
        """'Made full use of X.' → 'Made full use of X in {place}.' (keeps the template's final stop)."""
        tail = self.rng.choice(REGIONAL_TAILS)
        stop = "." if template.endswith(".") else ""
        return template.removesuffix(".") + tail + stop

    # targets
    def _baseline(self, metric: str) -> int:
        """A region's baseline for a metric, drifting slowly over the years."""
        low, high, drift = {"weeks": (10, 30, 0.4), "months": (16, 40, 0.4), "night": (70, 88, 0.2),
                            "settled": (60, 82, 0.2), "sexual": (40, 70, 0.3)}[metric]
        base = random.Random(f"{self.e.region}|{metric}").randint(low, high)
        value = base + (drift * (self.e.year - 2022)) % 12 + self.rng.randint(-3, 3)
        return max(5, min(92, round(value)))

    def targets(self, theme: str, plan: bool) -> list[str]:
        r, e = self.rng, self.e
        region = e.region
        deadline = f"July {e.year + 1}" if plan else f"{r.choice(('April', 'April', 'March'))} {e.year + 1}"
        base_date = f"March {e.year}"
        end = "" if plan else "."

        def increase(metric_words: str, metric: str, big_step: int = 6) -> str:
            b = self._baseline(metric)
            c = r.randint(1, min(big_step, 97 - b))
            points = "percentage point" if c == 1 else "percentage points"
            return (f"By {deadline}, {region} will increase the proportion {metric_words} by {c} {points} from {b}% "
                    f"in {base_date}{end}")

        if theme == "training":
            second = r.random()
            if second < 0.4:
                months = (f"{region} will continue to increase the proportion employed six months after release from "
                          f"{self._baseline('months')}%, in the performance year to {base_date}{end}")
            elif second < 0.6:
                months = (f"By {deadline}, {region} will continue to maintain the proportion employed six months "
                          f"after release at {self._baseline('months')}%{end}")
            else:
                months = increase("employed six months after release", "months")
            return [increase("employed six weeks after release", "weeks"), months]
        if theme == "family":
            three = r.choice(("three", "3"))
            if r.random() < 0.15:
                settled = (f"By {deadline}, {region} will continue to maintain the proportion in settled accommodation "
                           f"{three} months after leaving prison at {self._baseline('settled')}%{end}")
            else:
                settled = increase(f"in settled accommodation {three} months after leaving prison", "settled", 12)
            return [increase("housed on the night after release", "night", 12), settled]
        if theme == "court":
            return [increase("of sexual offence interventions completed", "sexual", 28)]
        return list(DRUG_TARGETS)

    # signatures
    def signature(self) -> str:
        pgd = self.pgds[0] if len(self.pgds) == 1 else " and ".join(self.pgds)
        role = "Prison Group Director" if len(self.pgds) == 1 else "Prison Group Directors"
        if self.rng.random() < 0.5:
            return f"{self.rpd}, Regional Probation Director and\n{pgd}, {role}"
        return f"{self.rpd}, Regional Probation Director and {pgd}, {role}"

    def title(self, update: bool) -> None:
        e, r = self.e, self.rng
        spelling = r.choice(REGIONS[e.region][0])
        self.gap(4)
        self.para("HM Prison &\nProbation Service")
        self.para(spelling)
        if r.random() < 0.7:
            self.para(f"Reducing Reoffending Plan\n{e.period}")
        else:
            self.para(f"Reducing Reoffending Plan {e.period}")
        if update:
            self.para(f"Annual\nUpdate\n{e.year}" if r.random() < 0.7 else f"Annual Update {e.year}")
        self.gap(2)

    # the two document kinds
    def annual_update(self) -> str:
        r = self.rng
        self.title(update=True)
        self.para("Contents")
        self.para("Foreword\t1\nDelivering HMPPS and MOJ priorities\t3\nTraining, skills and work progress\t4\n"
                  "Drugs and alcohol addiction progress\t6\nFamily, accommodation and readjustment to society "
                  "progress\t8\nDelivering the order of the court\t10\nPriorities for the next year\t12")
        self.para("Foreword")
        self.para(self.fill(r.choice(FOREWORD_OPENINGS)))
        for text in self.pick(FOREWORD_BODY, 2, 4):
            self.para(text)
        self.para(self.signature())
        self.para(DG_QUOTE)
        self.para("Amy Rees")
        self.para("Director General Chief Executive Officer, HMPPS")
        self.para(PCC_QUOTE)
        self.para(PCC_SIGNATURE)
        self.para("Delivering HMPPS and MOJ priorities")
        for text in PRIORITIES_NATIONAL:
            self.para(text)
        self.para("Over the past year, achievements include:")
        national = random.Random(f"national|{self.e.year}")  # the same list in every update of a year
        items = national.sample(NATIONAL_ACHIEVEMENTS, 6)
        values = {"big": national.randint(300, 900), "big2": national.randint(1000, 3000),
                  "n2": national.randint(60, 95), "Ym1": self.e.year - 1, "a": 15, "b": national.randint(17, 24)}
        items = [t.format(**values) for t in items]
        self.bullets(items[:3])
        self.bullets(items[3:])
        for text in PRIORITIES_CLOSING:
            self.para(text)
        for theme in THEMES:
            heading = THEME_HEADINGS[theme] + ("" if theme == "court" else " progress")
            self.para(heading)
            self.para(THEME_INTROS[theme])
            self.para("Regional targets")
            self.bullets(self.targets(theme, plan=False))
            self.gap()
            commitments = self.pick(COMMITMENTS[theme], 5, 8)
            split = r.randint(2, len(commitments) - 2)
            if r.random() < 0.8:
                self.para("We said we would:")
            # without the label, a list after the targets is read as commitments (north-east layout)
            self.bullets(commitments[:split])
            if r.random() < 0.5:  # yorkshire layout: the theme heading again, a second "We said we would:"
                self.para(heading)
                self.gap(2)
                self.para("We said we would:")
                self.bullets(commitments[split:])
                self.gap(2)
            else:  # east-midlands / north-east layout: one list, then the progress page
                self.bullets(commitments[split:])
                self.para(heading)
                self.gap(2)
            self.para(r.choice(("What we have done so far – Outcome Progress:",
                                "What we have done so far - Outcome Progress:")))
            self.bullets(self.pick(PROGRESS[theme], 4, 7))
        self.para("Priorities for the next year")
        for text in self.pick(NEXT_YEAR, 2, 4):
            self.para(text)
        self.para("Opportunities for the next year")
        chosen = [(sub, self.localise(text) if "{" not in text else text)
                  for sub, text in r.sample(OPPORTUNITIES, r.randint(4, 6))]
        if r.random() < 0.5:
            for subheading, text in chosen:
                self.para(subheading)
                self.bullets([self.fill(text)])
        else:
            self.bullets([self.fill(text) for _, text in chosen])
        self.gap(2)
        self.para("HM Prison &\nProbation Service")
        return "".join(self.out)

    def three_year_plan(self) -> str:
        e, r = self.e, self.rng
        self.title(update=False)
        self.para("Contents")
        self.para(f"Foreword\t1\nAbout the {e.region} region\t3\nAchievements\t5\nDelivering HMPPS and MoJ "
                  f"priorities\t6\nTraining, skills and work\t9\nDrugs and alcohol addiction\t12\nFamily, "
                  f"accommodation and readjustment to society\t15\nPublic security through engagement and "
                  f"compliance\t19\nOur partners\t23\nMeasuring progress and impact\t23\nGlossary\t24")
        self.para("Foreword")
        self.para(f"Our region, together with the population we serve, is incredibly diverse. It encompasses large "
                  f"urban centres such as {self.places[0]} and many rural communities. All our staff are critical to "
                  f"our partnership working and our work with the {r.randint(9, 30)},{r.randint(100, 999)} people on "
                  f"probation and the {r.randint(4, 12)},{r.randint(100, 999)} people in prisons in our region.")
        self.para("We want to ensure that the needs of local stakeholders, communities and people in our care are at "
                  "the heart of how we operate. We will focus on those priorities that we know have the biggest "
                  "impact on reducing reoffending and are of greatest concern to our communities and partners.")
        self.para(self.fill("Our vision is for {R} to think big, be flexible, seize opportunities and work with "
                            "partners – including {org} and the voluntary and faith-based sectors – to achieve "
                            "lasting, sustainable change."))
        self.para(f"{self.rpd}, Regional Probation Director")
        for pgd in self.pgds:
            self.para(f"{pgd}, Prison Group Director")
        self.gap(1)
        self.para("Vision")
        self.para(f"Working together across the {e.region} region to protect the public and help people to live "
                  f"law-abiding and positive lives")
        self.para("Principles")
        for text in ("Enable people to be their best", "An open learning culture", "Transform through partnerships",
                     "Modernise our estates and technology"):
            self.para(text)
        self.para("Values")
        self.bullets(["Purpose", "Openness", "Humanity", "Together"])
        self.para(f"About the {e.region} region")
        for text in (f"Total population of **{r.randint(2, 9)}** million, in a mix of urban and rural communities",
                     f"{r.randint(5, 16)} prisons, including public, private, women's and long-term estates",
                     f"{r.randint(10, 40)} courts, including **{r.randint(3, 12)}** Crown Courts",
                     f"Annual average reoffending rate of **{r.randint(22, 34)}.{r.randint(0, 9)}%** for adults",
                     f"{r.randint(6, 20)} local authorities"):
            self.para(text)
            self.gap(1)
        self.para("Achievements")
        for text in self.pick(PLAN_ACHIEVEMENTS, 4, 6):
            self.para(text)
        self.para("Delivering HMPPS and MoJ priorities")
        self.para(PLAN_NATIONAL)
        self.gap(1)
        for theme in THEMES:
            heading = THEME_HEADINGS[theme] if theme != "court" else "Public security through engagement and compliance"
            self.para(heading)
            self.para(THEME_INTROS[theme].replace("People with", "Offenders with"))
            self.para("Regional context")
            self.bullets(self.pick(CONTEXT[theme], 2, 3))
            self.gap(1)
            self.para("Important partners in this work")
            self.bullets(self.pick(PARTNER_ROLES[theme], 3, 5))
            self.gap(1)
            self.para("Targets")
            self.bullets(PLAN_DRUG_TARGETS if theme == "drugs" else self.targets(theme, plan=True))
            self.gap(1)
            self.para("Three-year objectives")
            self.bullets(self.pick(OBJECTIVES[theme], 3, 5))
            self.gap(1)
            self.para("Three-year activities")
            self.bullets(self.pick(ACTIVITIES[theme], 3, 4))
        self.para("Our partners")
        self.bullets(sorted({self.rng.choice(self.v.partners)[0] for _ in range(14)}))
        self.para("Measuring progress and impact")
        self.para(f"This regional Reducing Reoffending Plan sets out HMPPS's vision to reduce reoffending in "
                  f"{e.region}. Detailed plans to achieve these outcomes and objectives are set out in HMPPS's "
                  f"internal business plans.")
        self.para("This regional Reducing Reoffending Plan sets direction for the next three years and is reassessed "
                  "each year, to ensure progress is sustained over time.")
        self.para("Glossary")
        for term, definition in sorted(r.sample(GLOSSARY, r.randint(6, len(GLOSSARY)))):
            self.para(f"{term} – {definition}")
        self.gap(2)
        self.para("HM Prison &\nProbation Service")
        return "".join(self.out)

    def text(self) -> str:
        return self.annual_update() if self.e.kind == "annual-update" else self.three_year_plan()


def generate(n: int, out: Path, seed: int = 7) -> list[Path]:
    """Write `n` synthetic plans into `out`; the same seed gives the same files."""
    available = editions(seed)
    if n > len(available):
        raise SystemExit(
            f"synth: {n} documents asked for, but rrp_graph tells documents apart only by region, kind and year "
            f"(12 regions x plan/update x years 20xx whose dates stay within 2099): {len(available)} at most")
    vocab = Vocab.load()
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for edition in available[:n]:
        path = out / edition.file_name
        path.write_text(Writer(edition, vocab, seed).text(), encoding="utf-8", newline="\n")
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", "-n", type=int, required=True, help="how many plan documents to write")
    parser.add_argument("--out", type=Path, required=True, help="folder to write them into (created if missing)")
    parser.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    args = parser.parse_args(argv)
    if args.documents < 1:
        parser.error("--documents must be at least 1")
    stale = [p for p in args.out.glob("*.txt")] if args.out.is_dir() else []
    if stale:
        parser.error(f"{args.out} already holds {len(stale)} .txt files; use an empty folder")
    written = generate(args.documents, args.out, args.seed)
    kinds = sum(1 for p in written if "-plan-" in p.name)
    print(f"wrote {len(written)} documents ({len(written) - kinds} annual updates, {kinds} three-year plans) "
          f"to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
