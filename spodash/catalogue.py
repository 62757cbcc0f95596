"""Hand-curated metadata for the data build: who published each figure, and what to say beside it.

``SOURCES`` has one entry per ``source_id`` used in the bundle. ``CAVEATS`` holds the warnings shown
beside a figure whose force and period overlap the caveat's. Everything here is taken from the
provenance notes that sit with the raw public sources (``README.md``, ``orders/SOURCES.md`` and the
``PROVENANCE.md`` files). Unknown values are "", never guessed: ``published`` is an ISO date only
when the notes give the day, ``YYYY-MM`` or ``YYYY`` when they give only that, and "" for dates
marked approximate ("c.") or missing from the stored copy.

How ``source_type`` was graded:

* ``official statistics``: Home Office / ONS / MoJ statistical releases and ONS geography.
* ``copy of official statistics``: official figures read from a third party's compilation of them
  (e.g. a CSV hand-compiled from ONS tables), not from the official file: below the original.
* ``FOI disclosure``: a force's own FOI disclosure-log page (and the BBC Shared Data Unit's
  compiled FOI answers, see the comment on that entry).
* ``police or PCC statement``: a force, PCC or NPCC press release or news page, or such a
  statement that the notes say was reproduced (verbatim, or the same statement on several sites).
* ``news report``: an outlet's own article, even when it quotes an officer, an FOI answer or
  Home Office figures.
* ``charity summary``: a charity's own summary of someone else's figures (e.g. of an ONS table).
* ``campaign statement``: a political party's or candidate's campaign statement quoting a figure.
* ``copy of a statement or record``: a police statement or the parliamentary record (Hansard) read
  only on a third party's site (a blog, a reposting site), not where it was first published.
* ``copy of a news report``: third-party, aggregator or machine-rewritten copies of someone
  else's article.
* ``project note``: this project's own notes (a caveat that is the project's warning, not a source's).

Every "copy of …" source names what it copies in ``COPY_OF`` (``copy_of`` in sources.csv), so a
figure that rests only on a copy can be marked. Every source without a URL says why in ``URL_NOTES``.
"""


SOURCES = [
    # ------------------------------------------------------------------ recorded crime
    {
        "source_id": "HO_PRC_PFA_2023_10",
        "title": "Police recorded crime open data Police Force Area tables, year ending March 2013 onwards",
        "publisher": "Home Office",
        "published": "2023-10-19",
        "url": "https://www.gov.uk/government/statistical-data-sets/police-recorded-crime-and-outcomes-open-data-tables",
        "source_type": "official statistics",
        "licence": "Open Government Licence v3.0",
        "attribution": "Source: Home Office, Police recorded crime open data tables, licensed under the Open Government Licence v3.0.",
    },
    # The ONS editions were published about 3-4 months after each period ended, but the exact
    # days were not checked, so ``published`` is "". (The Jun 2018 and Sep 2018 "corrected"
    # workbooks carry a Correction sheet "Published on 6th February 2019": that is the date of a
    # Table P5 correction, not the edition's release, so it is not used.)
    {
        "source_id": "ONS_PFA_P1_YE_MAR2018",
        "title": "Crime in England and Wales: Police Force Area data tables, Table P1, year ending March 2018 (revised edition, v2)",
        "publisher": "Office for National Statistics",
        "published": "",
        "url": "https://www.ons.gov.uk/peoplepopulationandcommunity/crimeandjustice/datasets/policeforceareadatatables",
        "source_type": "official statistics",
        "licence": "Open Government Licence v3.0",
        "attribution": "Source: Office for National Statistics, Police force area data tables (police recorded crime "
                       "from the Home Office), year ending March 2018, licensed under the Open Government Licence v3.0.",
    },
    {
        "source_id": "ONS_PFA_P1_YE_JUN2018",
        "title": "Crime in England and Wales: Police Force Area data tables, Table P1, year ending June 2018 (corrected edition)",
        "publisher": "Office for National Statistics",
        "published": "",
        "url": "https://www.ons.gov.uk/peoplepopulationandcommunity/crimeandjustice/datasets/policeforceareadatatables",
        "source_type": "official statistics",
        "licence": "Open Government Licence v3.0",
        "attribution": "Source: Office for National Statistics, Police force area data tables (police recorded crime "
                       "from the Home Office), year ending June 2018, licensed under the Open Government Licence v3.0.",
    },
    {
        "source_id": "ONS_PFA_P1_YE_SEP2018",
        "title": "Crime in England and Wales: Police Force Area data tables, Table P1, year ending September 2018 (corrected edition)",
        "publisher": "Office for National Statistics",
        "published": "",
        "url": "https://www.ons.gov.uk/peoplepopulationandcommunity/crimeandjustice/datasets/policeforceareadatatables",
        "source_type": "official statistics",
        "licence": "Open Government Licence v3.0",
        "attribution": "Source: Office for National Statistics, Police force area data tables (police recorded crime "
                       "from the Home Office), year ending September 2018, licensed under the Open Government Licence v3.0.",
    },
    {
        "source_id": "ONS_PFA_P1_YE_DEC2018",
        "title": "Crime in England and Wales: Police Force Area data tables, Table P1, year ending December 2018",
        "publisher": "Office for National Statistics",
        "published": "",
        "url": "https://www.ons.gov.uk/peoplepopulationandcommunity/crimeandjustice/datasets/policeforceareadatatables",
        "source_type": "official statistics",
        "licence": "Open Government Licence v3.0",
        "attribution": "Source: Office for National Statistics, Police force area data tables (police recorded crime "
                       "from the Home Office), year ending December 2018, licensed under the Open Government Licence v3.0.",
    },
    {
        "source_id": "ONS_PFA_P1_YE_MAR2019",
        "title": "Crime in England and Wales: Police Force Area data tables, Table P1, year ending March 2019",
        "publisher": "Office for National Statistics",
        "published": "",
        "url": "https://www.ons.gov.uk/peoplepopulationandcommunity/crimeandjustice/datasets/policeforceareadatatables",
        "source_type": "official statistics",
        "licence": "Open Government Licence v3.0",
        "attribution": "Source: Office for National Statistics, Police force area data tables (police recorded crime "
                       "from the Home Office), year ending March 2019, licensed under the Open Government Licence v3.0.",
    },
    {
        "source_id": "ONS_PFA_P1_YE_JUN2019",
        "title": "Crime in England and Wales: Police Force Area data tables, Table P1, year ending June 2019",
        "publisher": "Office for National Statistics",
        "published": "",
        "url": "https://www.ons.gov.uk/peoplepopulationandcommunity/crimeandjustice/datasets/policeforceareadatatables",
        "source_type": "official statistics",
        "licence": "Open Government Licence v3.0",
        "attribution": "Source: Office for National Statistics, Police force area data tables (police recorded crime "
                       "from the Home Office), year ending June 2019, licensed under the Open Government Licence v3.0.",
    },
    {
        "source_id": "ONS_PFA_P1_YE_SEP2019",
        "title": "Crime in England and Wales: Police Force Area data tables, Table P1, year ending September 2019",
        "publisher": "Office for National Statistics",
        "published": "",
        "url": "https://www.ons.gov.uk/peoplepopulationandcommunity/crimeandjustice/datasets/policeforceareadatatables",
        "source_type": "official statistics",
        "licence": "Open Government Licence v3.0",
        "attribution": "Source: Office for National Statistics, Police force area data tables (police recorded crime "
                       "from the Home Office), year ending September 2019, licensed under the Open Government Licence v3.0.",
    },
    {
        "source_id": "ONS_PFA_P1_YE_DEC2019",
        "title": "Crime in England and Wales: Police Force Area data tables, Table P1, year ending December 2019",
        "publisher": "Office for National Statistics",
        "published": "",
        "url": "https://www.ons.gov.uk/peoplepopulationandcommunity/crimeandjustice/datasets/policeforceareadatatables",
        "source_type": "official statistics",
        "licence": "Open Government Licence v3.0",
        "attribution": "Source: Office for National Statistics, Police force area data tables (police recorded crime "
                       "from the Home Office), year ending December 2019, licensed under the Open Government Licence v3.0.",
    },
    {
        "source_id": "ONS_PFA_P1_YE_JUN2025",
        "title": "Crime in England and Wales: Police Force Area data tables, Table P1, year ending June 2025",
        "publisher": "Office for National Statistics",
        "published": "",
        "url": "https://www.ons.gov.uk/peoplepopulationandcommunity/crimeandjustice/datasets/policeforceareadatatables",
        "source_type": "official statistics",
        "licence": "Open Government Licence v3.0",
        "attribution": "Source: Office for National Statistics, Police force area data tables (police recorded crime "
                       "from the Home Office), year ending June 2025, licensed under the Open Government Licence v3.0.",
    },
    {
        # recorded_crime/PROVENANCE.md section 2d: ten editions hand-compiled into one CSV by a GitHub
        # user (commit 71b9dff, 25 Apr 2025). Only the years ending Sep 2023 and Sep 2024 are used:
        # they are held nowhere else; the other eight are a cross-check. One source for both, as they
        # come from one file. Graded below the ONS files because it is a copy, not an ONS file.
        "source_id": "ONS_PFA_P1_YE_SEP2023_2024_COMPILED",
        "title": "Crime in England and Wales: Police Force Area data tables, Table P1, years ending September 2023 "
                 "and September 2024 (compiled copy)",
        "publisher": "Office for National Statistics (figures); compiled into one CSV in the GitHub repository "
                     "OliverG314/UKCrimeAnalysis",
        "published": "",
        "url": "https://github.com/OliverG314/UKCrimeAnalysis",
        "source_type": "copy of official statistics",
        "licence": "Open Government Licence v3.0 (the ONS figures); the repository states no licence",
        "attribution": "Source: Office for National Statistics, Police force area data tables (police recorded crime "
                       "from the Home Office), years ending September 2023 and September 2024, licensed under the "
                       "Open Government Licence v3.0. Figures read from a compiled copy in the GitHub repository "
                       "OliverG314/UKCrimeAnalysis (data/20152024regionalcrime.csv), not from the ONS workbooks.",
    },
    # The counting-rule quotes in recorded_crime/PROVENANCE.md section 4. The notes give only the
    # host name (vawg.gss-data.org.uk); the https:// scheme is the only thing added.
    {
        "source_id": "ONS_APPENDIX_A4_YE_MAR2022",
        "title": "Crime in England and Wales: Appendix tables, year ending March 2022, Table A4 footnotes "
                 "(as reproduced on the Government Statistical Service VAWG data dashboard, stalking and harassment pages)",
        "publisher": "Office for National Statistics / Home Office (reproduced by the Government Statistical Service)",
        "published": "",
        "url": "https://vawg.gss-data.org.uk",
        "source_type": "official statistics",
        "licence": "Open Government Licence v3.0",
        "attribution": "Source: Office for National Statistics and Home Office, Crime in England and Wales appendix tables "
                       "(Table A4), licensed under the Open Government Licence v3.0.",
    },
    # ------------------------------------------------------------------ population and geography
    # No URL is given in the provenance notes for the population estimates or the PFA boundaries,
    # so ``url`` is "" rather than a reconstructed address.
    {
        "source_id": "ONS_MYE_2023",
        "title": "Estimates of the population for England and Wales, mid-2023 (table MYE2, persons, by local authority)",
        "publisher": "Office for National Statistics",
        "published": "2024-07",
        "url": "",
        "source_type": "official statistics",
        "licence": "Open Government Licence v3.0",
        "attribution": "Source: Office for National Statistics licensed under the Open Government Licence v.3.0.",
    },
    {
        # The ONS zip is dated 2024-05-23, but that is the file date, not a stated release date.
        "source_id": "ONS_PFA_BOUNDARIES_DEC2023",
        "title": "Police Force Areas (December 2023) Boundaries EW BSC",
        "publisher": "Office for National Statistics (Open Geography Portal)",
        "published": "",
        "url": "",
        "source_type": "official statistics",
        "licence": "Open Government Licence v3.0",
        "attribution": "Source: Office for National Statistics licensed under the Open Government Licence v.3.0. "
                       "Contains OS data © Crown copyright and database right 2024.",
    },
    {
        # URL is the GitHub address of the repository named in the notes (ONSvisual/uk-topojson).
        "source_id": "ONS_UK_TOPOJSON_LAD2016",
        "title": "UK TopoJSON, 2014-2025 (built from Local Authority Districts (December 2016) BSC boundaries)",
        "publisher": "Office for National Statistics (ONSvisual data visualisation team)",
        "published": "",
        "url": "https://github.com/ONSvisual/uk-topojson",
        "source_type": "official statistics",
        "licence": "Open Government Licence v3.0 (ONS boundary data; Northern Ireland data from LPS/OSNI); "
                   "no licence file in the repository",
        "attribution": "Source: Office for National Statistics licensed under the Open Government Licence v.3.0. "
                       "Contains OS data © Crown copyright and database right 2016. "
                       "Contains LPS Intellectual Property © Crown copyright and database right 2016 (Northern Ireland).",
    },
    # ------------------------------------------------------------------ SPOs: BBC survey
    {
        # Graded "FOI disclosure" (the lead's suggestion, which I agree with): the file is the
        # compiled FOI answers of the forces, copied unchanged, not a journalist's summary of them.
        # The BBC's crime columns in the same file are not used for figures. ``published`` is the
        # date the data files were added to the public repository (commit of 18 Jun 2021).
        "source_id": "BBC_SDU_SPO_2021",
        "title": "Stalking Protection Orders: FOI responses from police forces (data unit repository)",
        "publisher": "BBC Shared Data Unit",
        "published": "2021-06-18",
        "url": "https://github.com/BBC-Data-Unit/stalking_protection_orders",
        "source_type": "FOI disclosure",
        "licence": "No licence stated (BBC Shared Data Unit)",
        "attribution": "Data: BBC Shared Data Unit (Stalking Protection Orders FOI survey, 2021)",
    },
    # ------------------------------------------------------------------ SPOs: force FOI disclosure logs
    {
        "source_id": "DORSET_FOI_2022_125",
        "title": "Stalking (FOI request 2022-125)",
        "publisher": "Dorset Police",
        "published": "2022-03-04",  # version date on the disclosure-log entry
        "url": "https://www.dorset.police.uk/foi-ai/dorset-police/disclosure-logs/archive/stalking/",
        "source_type": "FOI disclosure",
        "licence": "Open Government Licence v3.0 (police FOI disclosure; confirm on force site)",
        "attribution": "Figures: Dorset Police FOI disclosure 2022-125",
    },
    {
        # Only the request date (1 July 2023) is stated, not the date of the answer.
        "source_id": "AVON_FOI_830_23",
        "title": "Stalking Protection Orders (FOI reference 830-23)",
        "publisher": "Avon and Somerset Police",
        "published": "",
        "url": "https://www.avonandsomerset.police.uk/about/freedom-of-information/previous-foi-requests/requests/stalking-protection-orders/",
        "source_type": "FOI disclosure",
        "licence": "Open Government Licence v3.0 (assumed for police FOI disclosures; confirm)",
        "attribution": "Figures: Avon and Somerset Police FOI disclosure 830-23",
    },
    {
        "source_id": "NORTHUMBRIA_FOI_1215_20",
        "title": "Stalking Protection Orders (FOI 1215/20)",
        "publisher": "Northumbria Police",
        "published": "2020-09-02",
        "url": "https://beta.northumbria.police.uk/about-us/publications-and-documents/accessing-information/disclosure-log/other/stalking-protection-orders-121520/",
        "source_type": "FOI disclosure",
        "licence": "Open Government Licence v3.0 (assumed for police FOI disclosures; confirm)",
        "attribution": "Figures: Northumbria Police FOI disclosure 1215/20",
    },
    {
        "source_id": "CLEVELAND_FOI_900_24",
        "title": "Stalking protection orders (FOI 900-24, revised response)",
        "publisher": "Cleveland Police",
        "published": "2024-09",
        "url": "https://www.cleveland.police.uk/foi-ai/cleveland-police/disclosure/2024/september/foi-90024-stalking-protection-orders/",
        "source_type": "FOI disclosure",
        "licence": "Open Government Licence v3.0 (assumed for police FOI disclosures; confirm)",
        "attribution": "Figures: Cleveland Police FOI disclosure 900-24",
    },
    # ------------------------------------------------------------------ SPOs: police / PCC statements
    {
        "source_id": "KENT_POLICE_100TH_SPO_2022",
        "title": "Thanet man becomes 100th person subject to Stalking Prevention Order obtained by Kent Police",
        "publisher": "Kent Police (press release reproduced by The Isle of Thanet News)",
        "published": "2022-12-05",
        "url": "https://theisleofthanetnews.com/2022/12/05/thanet-man-becomes-100th-person-subkject-to-stalking-prevention-order-obtained-by-kent-police/",
        "source_type": "police or PCC statement",
        "licence": "Press release content; news-site copyright",
        "attribution": "Figures: Kent Police press release, as published by The Isle of Thanet News, 5 December 2022",
    },
    {
        "source_id": "KENT_POLICE_2021_04",
        "title": "Kent Police support for Stalking Awareness Week (Kent Police statement; title from URL)",
        "publisher": "Kent Police (statement reproduced by Local Rags)",
        "published": "2021-04-20",
        "url": "https://localrags.co.uk/2021/04/20/kent-police-support-for-stalking-awareness-week/",
        "source_type": "police or PCC statement",
        "licence": "Police statement / news-site copyright",
        "attribution": "Figures: Kent Police statement for National Stalking Awareness Week, as published by Local Rags, 20 April 2021",
    },
    {
        "source_id": "KENT_POLICE_2023_04",
        "title": "Twenty-four arrests in Kent during National Stalking Awareness Week (Kent Police statement; title from URL)",
        "publisher": "Kent Police (statement reproduced by Local Rags)",
        "published": "2023-04-29",
        "url": "https://localrags.co.uk/2023/04/29/twenty-four-arrests-in-kent-during-national-stalking-awareness-week",
        "source_type": "police or PCC statement",
        "licence": "Police statement / news-site copyright",
        "attribution": "Figures: Kent Police statement, as published by Local Rags, 29 April 2023",
    },
    {
        # The same Sussex Police statement appears on two sites, so it is graded as the statement.
        # The only stated date is "last updated 19 Apr 2021".
        "source_id": "SUSSEX_POLICE_2021_04",
        "title": "Stalking reports in Sussex among highest in England and Wales",
        "publisher": "Sussex Police (statement published by Heart / Hello Rayo Sussex)",
        "published": "2021-04-19",
        "url": "https://hellorayo.co.uk/greatest-hits/sussex/news/stalking-awareness-week-sussex",
        "source_type": "police or PCC statement",
        "licence": "News copyright / police statement",
        "attribution": "Figures: Sussex Police statement for National Stalking Awareness Week, April 2021",
    },
    {
        "source_id": "THAMES_VALLEY_STATEMENT_2021_06",
        "title": "Thames Valley Police statement responding to the BBC Shared Data Unit SPO figures",
        "publisher": "Thames Valley Police (statement published by Greatest Hits Radio / Hello Rayo)",
        "published": "",  # c. June 2021
        "url": "https://hellorayo.co.uk/greatest-hits/beds-bucks-herts/news/thames-valley-stalking",
        "source_type": "police or PCC statement",
        "licence": "News copyright / police statement",
        "attribution": "Figures: Thames Valley Police statement responding to the BBC Shared Data Unit figures, reported by Greatest Hits Radio",
    },
    {
        # Graded as the statement: the notes call it the force's statement and list the same
        # statement on two further sites.
        "source_id": "BEDS_TODAY_SPO_2021_04",
        "title": "Bedfordshire Police urges victims to come forward after using new powers to stop stalker",
        "publisher": "Bedfordshire Police (statement published by Bedford Today)",
        "published": "2021-04",
        "url": "https://www.bedfordtoday.co.uk/news/people/bedfordshire-police-urges-victims-to-come-forward-after-using-new-powers-to-stop-stalker-3208042",
        "source_type": "police or PCC statement",
        "licence": "News copyright / police statement (figures only)",
        "attribution": "Figures: Bedfordshire Police statement, reported by Bedford Today, April 2021",
    },
    {
        "source_id": "MET_NEWS_VAWG_PLAN_2023_12",
        "title": "A step change for the safety of women and girls",
        "publisher": "Metropolitan Police",
        "published": "2023-12-15",
        "url": "https://news.met.police.uk/news/a-step-change-for-the-safety-of-women-and-girls-476872",
        "source_type": "police or PCC statement",
        "licence": "Police press release (Met website content; reuse normally under OGL v3.0, confirm)",
        "attribution": "Figure: Metropolitan Police news release, 15 December 2023 (VAWG Action Plan)",
    },
    {
        "source_id": "WARWICKSHIRE_POLICE_2024_12",
        "title": "Using Stalking Protection Orders (SPO) to better protect victims in Warwickshire (title from URL)",
        "publisher": "Warwickshire Police",
        "published": "2024-12",
        "url": "https://www.warwickshire.police.uk/news/warwickshire/news/2024/december/using-stalking-protection-orders-spo-to-better-protect-victims-in-warwickshire/",
        "source_type": "police or PCC statement",
        "licence": "Police website content (reuse terms per force copyright notice; typically OGL v3.0, confirm)",
        "attribution": "Figure: Warwickshire Police news page, December 2024",
    },
    # ------------------------------------------------------------------ SPOs: news reports
    {
        "source_id": "HO_SPO_REVIEW_VIA_HARTLEPOOL_MAIL_2022",
        "title": "Hartlepool's Police and Crime Commissioner calls for more to be done to keep victims safe as "
                 "Stalking Awareness Week approaches",
        "publisher": "Hartlepool Mail",
        "published": "2022-04-23",
        "url": "https://www.hartlepoolmail.co.uk/news/crime/hartlepools-police-and-crime-commissioner-calls-for-more-to-be-done-to-keep-victims-safe-as-stalking-awareness-week-approaches-3665971",
        "source_type": "news report",
        "licence": "Newspaper copyright; figures only reused (underlying Home Office review: OGL v3.0)",
        "attribution": "Figures reported by the Hartlepool Mail, 23 April 2022 (Home Office review of SPOs)",
    },
    {
        "source_id": "SUSSEX_LDRS_2020_08",
        "title": "Stalking Protection Orders 'Good News' For Victims In Sussex",
        "publisher": "Local Democracy Reporting Service (Karen Dunn), on a local radio news site",
        "published": "2020-08-05",
        "url": "https://714-5ea6d6de31add.radiocms.com/news/sussex-news/stalking-protection-orders-good-news-for-victims-in-sussex",
        "source_type": "news report",
        "licence": "LDRS/news copyright; figures only reused",
        "attribution": "Figures reported by the Local Democracy Reporting Service, 5 August 2020 "
                       "(Sussex PCC accountability meeting, 31 July 2020)",
    },
    {
        "source_id": "SUSSEX_LDRS_2022_06",
        "title": "Stalking Protection Orders breached 70 times in Sussex since 2019",
        "publisher": "Local Democracy Reporting Service (Karen Dunn), via Hello Rayo",
        "published": "2022-06-21",
        "url": "https://hellorayo.co.uk/greatest-hits/sussex/news/stalking-protection-orders-breached-sussex",
        "source_type": "news report",
        "licence": "News copyright; figures only reused",
        "attribution": "Figures reported by the Local Democracy Reporting Service, 21 June 2022 "
                       "(Sussex PCC meeting, 17 June 2022)",
    },
    {
        "source_id": "SUSSEX_ARGUS_2021_01",
        "title": "Sussex second highest number of stalking cases in country, police say (title from URL)",
        "publisher": "The Argus (Brighton)",
        "published": "",  # c. January 2021
        "url": "https://www.theargus.co.uk/news/19057311.sussex-second-highest-number-stalking-cases-country-police-say/",
        "source_type": "news report",
        "licence": "News copyright / police statement",
        "attribution": "Figures reported by The Argus (Brighton), January 2021 (Sussex Police)",
    },
    {
        "source_id": "DEVON_CORNWALL_NUB_2021",
        "title": "Police recognise progress is needed in their use of legal powers to curb stalking",
        "publisher": "Exmouth Nub News",
        "published": "",  # c. June 2021
        "url": "https://exmouth.nub.news/news/local-news/police-recognise-progress-is-needed-in-their-use-of-legal-powers-to-curb-stalking",
        "source_type": "news report",
        "licence": "News copyright; figures only reused",
        "attribution": "Figures reported by Exmouth Nub News (DCI Jim Tarr, Devon & Cornwall Police)",
    },
    {
        "source_id": "NOTTS_WBW_2021",
        "title": "Notts Police praised after new stalking laws used to prosecute 90 suspects",
        "publisher": "West Bridgford Wire",
        "published": "2021",
        "url": "https://westbridgfordwire.com/notts-police-praised-after-new-stalking-laws-used-to-prosecute-90-suspects/",
        "source_type": "news report",
        "licence": "News copyright; figures only reused",
        "attribution": "Figures reported by West Bridgford Wire, 2021 (Nottinghamshire Police)",
    },
    {
        "source_id": "NOTTS_2024_AGGREGATOR",
        "title": "News-aggregator snippet quoting Nottinghamshire Police on Stalking Protection Orders",
        "publisher": "Unidentified news aggregator (original publisher not identified)",
        "published": "2024",
        "url": "https://cuu.coron.tech/news/2717192024490410163782",
        "source_type": "copy of a news report",
        "licence": "News copyright (original publisher); figures only reused from a third-party copy",
        "attribution": "Figures quoted from Nottinghamshire Police in an aggregator copy of a 2024 news report "
                       "(original publisher not identified; not verified)",
    },
    {
        "source_id": "NOTTS_WORKSOP_GUARDIAN_2025",
        "title": "Nottinghamshire Police urge people to speak out if you are a victim of stalking or harassment",
        "publisher": "Worksop Guardian",
        "published": "2025-01-02",
        "url": "https://www.worksopguardian.co.uk/news/crime/nottinghamshire-police-urge-people-to-speak-out-if-you-are-a-victim-of-stalking-or-harassment-4928590",
        "source_type": "news report",
        "licence": "News copyright; figures only reused",
        "attribution": "Figure reported by the Worksop Guardian, 2 January 2025 (Nottinghamshire Police)",
    },
    {
        "source_id": "NORFOLK_EDP_SPO",
        "title": "Revealed: police issued just 5 stalking orders in a year despite 11,000 complaints",
        "publisher": "Eastern Daily Press",
        "published": "",  # c. early 2022
        "url": "https://www.edp24.co.uk/news/crime/20630519.revealed-police-issued-just-5-stalking-orders-year-11-000-complaints/",
        "source_type": "news report",
        "licence": "News copyright; figures only reused",
        "attribution": "Figures reported by the Eastern Daily Press (Norfolk Constabulary)",
    },
    {
        "source_id": "WEST_MERCIA_SHROPSHIRE_STAR_2022",
        "title": "Stalking victims encouraged to speak out after protection orders issued",
        "publisher": "Shropshire Star",
        "published": "2022-04-26",
        "url": "https://cdn-www.shropshirestar.mna.arcpublishing.com/news/crime/2022/04/26/stalking-victims-encouraged-to-speak-out-after-protection-orders-issued",
        "source_type": "news report",
        "licence": "News copyright; figures only reused",
        "attribution": "Figures reported by the Shropshire Star, 26 April 2022 (West Mercia Police)",
    },
    {
        "source_id": "CHESHIRE_NANTWICH_NEWS_2021_10",
        "title": "Stacey Dooley in Cheshire for stalking documentary",
        "publisher": "The Nantwich News",
        "published": "2021-10-28",
        "url": "https://thenantwichnews.co.uk/2021/10/28/stacey-dooley-in-cheshire-for-new-bbc-stalking-documentary/",
        "source_type": "news report",
        "licence": "News copyright / police statement (figures only)",
        "attribution": "Figures reported by The Nantwich News, 28 October 2021 (Cheshire Constabulary / PCC)",
    },
    {
        "source_id": "CUMBRIA_NEWS_AND_STAR_2022",
        "title": "Cumbria Constabulary rarely use Stalking Protection Orders (title not in stored copy; from URL)",
        "publisher": "News & Star (Carlisle)",
        "published": "",  # c. early 2022
        "url": "https://www.newsandstar.co.uk/news/20045977.cumbria-constabulary-rarely-use-stalking-protection-orders/",
        "source_type": "news report",
        "licence": "News copyright; figures only reused",
        "attribution": "Figures reported by the News & Star, Carlisle, 2022 (Home Office SPO review; Cumbria Constabulary)",
    },
    {
        "source_id": "NORTHERN_ECHO_NE_SPO_2022",
        "title": "Special report: North East police rarely using powers to prevent stalking (title not in stored copy; from URL)",
        "publisher": "The Northern Echo",
        "published": "",  # c. early 2022
        "url": "https://www.thenorthernecho.co.uk/news/20045949.special-report-north-east-police-rarely-using-powers-prevent-stalking/",
        "source_type": "news report",
        "licence": "News copyright; figures only reused",
        "attribution": "Figures reported by The Northern Echo (Home Office review of SPOs)",
    },
    {
        "source_id": "GUARDIAN_HO_REVIEW_FORCES_VIA_COPY",
        "title": "Anti-stalking orders 'fail to protect women from danger' (third-party copy of a Guardian article)",
        "publisher": "ksaplayers.com / darkdotnet.com (copies of The Guardian)",
        "published": "",  # c. late 2021
        "url": "https://ksaplayers.com/Ksahome/NewsDetial/?nid=27608251",
        "source_type": "copy of a news report",
        "licence": "Guardian copyright; figures only reused from a third-party copy",
        "attribution": "Figures from the Home Office review of SPOs as reported by The Guardian (read from a "
                       "third-party copy; not verified against the original)",
    },
    {
        "source_id": "AVON_MNR_JOURNAL_RADAR_2022",
        "title": "Thousands of stalking crimes recorded by police but few are punished (title from URL)",
        "publisher": "Mid-Somerset / MNR Journal (RADAR/PA data story)",
        "published": "",  # c. early 2022
        "url": "https://www.mnrjournal.co.uk/news/courts/thousands-of-stalking-crimes-recorded-by-police-but-few-are-punished-541893",
        "source_type": "news report",
        "licence": "News copyright; figures only reused (underlying Home Office data OGL v3.0)",
        "attribution": "Figures reported by the MNR Journal (RADAR/PA; Home Office SPO figures, first year)",
    },
    {
        "source_id": "DORSET_BRIDPORT_NEWS_RADAR_2022",
        "title": "Dorset Police release figures: many stalking offences domestic-related (title not in stored copy; from URL)",
        "publisher": "Bridport & Lyme Regis News (RADAR/PA data story)",
        "published": "",  # c. early 2022
        "url": "https://www.bridportnews.co.uk/news/20052650.dorset-police-release-figures-many-stalking-offences-domestic-related/",
        "source_type": "news report",
        "licence": "News copyright; figures only reused",
        "attribution": "Figures reported by the Bridport & Lyme Regis News (RADAR/PA; Home Office SPO figures, first year)",
    },
    {
        "source_id": "LINCS_GRANTHAM_JOURNAL_2021_04",
        "title": "Unmasking stalking (title from URL)",
        "publisher": "Grantham Journal",
        "published": "2021-04-19",
        "url": "https://www.granthamjournal.co.uk/news/unmasking-stalking-9196050/",
        "source_type": "news report",
        "licence": "News copyright / police statement",
        "attribution": "Figure reported by the Grantham Journal, 19 April 2021 (Lincolnshire Police)",
    },
    {
        "source_id": "LINCS_GREATEST_HITS_2021_06",
        "title": "Massive increase in stalking cases across Lincolnshire over past 5 years",
        "publisher": "Greatest Hits Radio Lincolnshire (Hello Rayo)",
        "published": "2021-06-17",
        "url": "https://hellorayo.co.uk/greatest-hits/lincolnshire/news/massive-increase-in-stalking-cases-across-lincolnshire-over-past-5-years",
        "source_type": "news report",
        "licence": "News copyright; figures only reused",
        "attribution": "Figure reported by Greatest Hits Radio Lincolnshire, 17 June 2021 (Lincolnshire Police)",
    },
    {
        "source_id": "ITV_CALENDAR_SPO_2024_10",
        "title": "67,000 complaints, but only 107 stalking protection orders granted in four years",
        "publisher": "ITV News Calendar",
        "published": "2024-10-22",
        "url": "https://itv.com/news/calendar/2024-10-22/67000-stalking-complaints-just-107-protection-orders",
        "source_type": "news report",
        "licence": "ITV copyright; figures only reused",
        "attribution": "Figures obtained and reported by ITV News Calendar, 22 October 2024",
    },
    {
        "source_id": "SURREY_GUILDFORD_DRAGON_2021_01",
        "title": "14 Surrey Stalker Suspects Issued Protection Orders During First Year of New Law",
        "publisher": "The Guildford Dragon",
        "published": "2021-01-23",
        "url": "https://guildford-dragon.com/14-surrey-stalker-suspects-issued-protection-orders-during-first-year-of-new-law/",
        "source_type": "news report",
        "licence": "News copyright / police statement",
        "attribution": "Figure reported by The Guildford Dragon, 23 January 2021 (Surrey Police)",
    },
    {
        # A political party's campaign statement quoting an FOI answer that was not seen: graded
        # "campaign statement", below a news report. "police or PCC statement" would wrongly suggest
        # the force or a serving PCC said it (the author was a PCC candidate).
        "source_id": "NORTH_WALES_LIBDEMS_2024",
        "title": "'Police are failing stalking victims' – Welsh Lib Dem PCC for North Wales Police",
        "publisher": "Welsh Liberal Democrats",
        "published": "2024",
        "url": "https://www.libdems.wales/news/article/police-are-failing-stalking-victims-welsh-lib-dem-pcc-for-north-wales-police",
        "source_type": "campaign statement",
        "licence": "Political party website; no licence stated (figure only reused)",
        "attribution": "Figure cited by the Welsh Liberal Democrats (2024 campaign statement, from an FOI answer "
                       "by North Wales Police; not verified)",
    },
    {
        "source_id": "STAFFS_EXPRESS_STAR_2025_09",
        "title": "More support coming for stalking and harassment victims in Staffordshire, commissioner pledges",
        "publisher": "Express & Star",
        "published": "2025-09-24",
        "url": "https://www.expressandstar.com/news/crime/2025/09/24/more-support-coming-for-stalking-and-harassment-victims-in-staffordshire-commissioner-pledges",
        "source_type": "news report",
        "licence": "News copyright; figures only reused (the PEEL report itself is HMICFRS, Crown copyright, OGL v3.0)",
        "attribution": "Figures reported by the Express & Star, 24 September 2025 (HMICFRS PEEL inspection of Staffordshire Police)",
    },
    {
        "source_id": "DYFED_POWYS_STALKING_WEEK_2025",
        "title": "Dyfed-Powys Police records nearly 1,000 instances of stalking in one year (title from URL)",
        "publisher": "Cambrian News (also Brecon & Radnor Express)",
        "published": "2025",
        "url": "https://cambrian-news.co.uk/news/999/dyfed-powys-police-records-nearly-1000-instances-of-stalking-in-one-year-786615",
        "source_type": "news report",
        "licence": "News copyright / police statement",
        "attribution": "Figure reported by the Cambrian News, 2025 (Dyfed-Powys Police, National Stalking Awareness Week)",
    },
    {
        "source_id": "HAMPSHIRE_PORTSMOUTH_NEWS_2021_06",
        "title": "New police power to help stalking victims in Hampshire used just twice since inception",
        "publisher": "The News (Portsmouth)",
        "published": "",  # c. June 2021
        "url": "https://www.portsmouth.co.uk/news/crime/new-police-power-to-help-stalking-victims-in-hampshire-used-just-twice-since-inception-3307152",
        "source_type": "news report",
        "licence": "News copyright; figures only reused",
        "attribution": "Figure reported by The News, Portsmouth (DCI David West, Hampshire Constabulary)",
    },
    {
        "source_id": "BBC_NE_SPO_2025_VIA_COPY",
        "title": "Protection orders used very sparingly (machine-rewritten copy of a BBC News article)",
        "publisher": "fastnewsusa.com (copy of BBC News, North East Investigation Team)",
        "published": "",  # c. early 2025
        "url": "https://fastnewsusa.com/protection-orders-used-very-sparingly",
        "source_type": "copy of a news report",
        "licence": "BBC copyright; figures only reused from a third-party copy",
        "attribution": "Figure from a BBC News North East Investigation Team FOI story (read from a third-party "
                       "copy; not verified against the original)",
    },
    {
        "source_id": "SPO_TOO_MUCH_WORK_2025_VIA_COPY",
        "title": "Secondary news rewrite of the BBC 2025 FOI story on Stalking Protection Orders",
        "publisher": "feed.ilidea.com (aggregator; original publisher not identified)",
        "published": "2025",
        "url": "http://feed.ilidea.com/index.php/Index/details.html?id=9466516",
        "source_type": "copy of a news report",
        "licence": "News copyright (original publisher); figures only reused from a third-party copy",
        "attribution": "Figures from an aggregator rewrite of a 2025 news report (original publisher not identified; "
                       "years inferred; not verified)",
    },
    {
        "source_id": "GLOS_GREATEST_HITS_2020_12",
        "title": "Gloucestershire Police issues first Stalking Protection Order",
        "publisher": "Greatest Hits Radio Gloucestershire (Hello Rayo)",
        "published": "2020-12-17",
        "url": "https://hellorayo.co.uk/greatest-hits/gloucestershire/news/gloucestershire-police-issue-first-stalking-protection-order",
        "source_type": "news report",
        "licence": "News copyright / police statement (figures only)",
        "attribution": "Reported by Greatest Hits Radio Gloucestershire, 17 December 2020 (Gloucestershire Constabulary)",
    },
    {
        "source_id": "HERTS_AD_SPO_2021",
        "title": "Herts police commissioner questions low stalking powers use (title from URL)",
        "publisher": "Herts Advertiser",
        "published": "",  # c. June 2021
        "url": "https://www.hertsad.co.uk/news/crime/herts-police-commissioner-questions-low-stalking-powers-use-8067608",
        "source_type": "news report",
        "licence": "News copyright (figures only)",
        "attribution": "Reported by the Herts Advertiser (Hertfordshire's first interim SPO)",
    },
    {
        "source_id": "SHROPSHIRE_STAR_2020_03",
        "title": "Stalking cases double in West Midlands in three years",
        "publisher": "Shropshire Star",
        "published": "2020-03-17",
        "url": "https://shropshirestar.com/news/crime/2020/03/17/stalking-cases-double-in-west-midlands-in-three-years",
        "source_type": "news report",
        "licence": "News copyright / police statement (figures only)",
        "attribution": "Reported by the Shropshire Star, 17 March 2020 (Staffordshire Police)",
    },
    {
        "source_id": "HALESOWEN_NEWS_WMP_2020_03",
        "title": "New stalking protection order granted, Dudley man (title from URL)",
        "publisher": "Halesowen News",
        "published": "2020-03",
        "url": "https://www.halesowennews.co.uk/news/18322954.new-stalking-protection-order-granted-dudley-man/",
        "source_type": "news report",
        "licence": "News copyright / police statement (figures only)",
        "attribution": "Reported by the Halesowen News, March 2020 (West Midlands Police)",
    },
    {
        "source_id": "DEESIDE_NWP_FIRST_SPO_2020_07",
        "title": "North Wales Police granted first Stalking Protection Order",
        "publisher": "Deeside.com",
        "published": "2020-07-14",
        "url": "http://www.deeside.com/north-wales-police-granted-first-stalking-protection-order/",
        "source_type": "news report",
        "licence": "News-site copyright / police statement (figures only)",
        "attribution": "Reported by Deeside.com, 14 July 2020 (North Wales Police)",
    },
    {
        "source_id": "IPSWICH_STAR_SPO_2021",
        "title": "Police yet to use stalking injunction powers a year into launch",
        "publisher": "Ipswich Star",
        "published": "2021",  # "early 2021"; the article says SPOs "were introduced on January 20 last year"
        "url": "https://www.ipswichstar.co.uk/news/crime/stalking-protection-orders-suffolk-police-applications-7795532",
        "source_type": "news report",
        "licence": "News copyright (figures only)",
        "attribution": "Figures reported by the Ipswich Star, 2021 (FOI request)",
    },
    # ------------------------------------------------------------------ DVPOs
    {
        "source_id": "LEP_LANCS_DVPO_2019",
        "title": "Worry as the number of Domestic Violence Protection Orders to protect victims across Lancashire plunges",
        "publisher": "Lancashire Evening Post",
        "published": "2019",
        "url": "https://www.lep.co.uk/news/crime/worry-as-the-number-of-domestic-violence-protection-orders-to-protect-victims-across-lancashire-plunges-1348226",
        "source_type": "news report",
        "licence": "News copyright; figures only reused",
        "attribution": "Figures reported by the Lancashire Evening Post, 2019 (FOI to Lancashire Police)",
    },
    {
        "source_id": "PA_FOI_DVPO_2015_EADT",
        "title": "Essex Police uses highest number of domestic violence protection orders outside of trial forces",
        "publisher": "East Anglian Daily Times (Press Association FOI)",
        "published": "",  # c. 2015
        "url": "https://www.eadt.co.uk/news/essex-police-uses-highest-number-of-domestic-violence-protection-orders-2180798",
        "source_type": "news report",
        "licence": "News copyright; figures only reused",
        "attribution": "Figures reported by the East Anglian Daily Times (Press Association FOI to police forces, 2015)",
    },
    {
        "source_id": "METRO_RADIO_NORTHUMBRIA_DVPO_2018",
        "title": "Court orders protecting abuse victims more than double in a year",
        "publisher": "Metro Radio (Hello Rayo)",
        "published": "",
        "url": "https://hellorayo.co.uk/metro/local/news/court-orders-protecting-abuse-victims-more-than-double-in-a-year",
        "source_type": "news report",
        "licence": "News copyright; figures only reused",
        "attribution": "Figures reported by Metro Radio (Northumbria Police figures for 2016 and 2017)",
    },
    {
        "source_id": "NORTHERN_ECHO_DURHAM_DVPO_2024",
        "title": "Domestic violence protection orders: Darlington and County Durham",
        "publisher": "The Northern Echo",
        "published": "2024",
        "url": "https://www.thenorthernecho.co.uk/news/24098670.domestic-violence-protection-orders-darlington-county-durham/",
        "source_type": "news report",
        "licence": "News copyright; figures only reused",
        "attribution": "Figures reported by The Northern Echo, 2024 (Durham Constabulary)",
    },
    {
        # A police statement read only on a councillor's blog, not on the force's site: a copy.
        "source_id": "STAFFS_DVPO_2017",
        "title": "Domestic Violence Protection Orders Protect Victims and Help Reduce Police Demand",
        "publisher": "Staffordshire Police (statement reproduced on the cllrandrewjames.wordpress.com blog)",
        "published": "2017-08-10",
        "url": "https://cllrandrewjames.wordpress.com/2017/08/10/domestic-violence-protection-orders-protect-victims-and-help-reduce-police-demand/",
        "source_type": "copy of a statement or record",
        "licence": "Blog copyright / police statement",
        "attribution": "Figure: Staffordshire Police statement, reproduced on a blog, 10 August 2017",
    },
    {
        # A domestic abuse charity's summary of ONS data: graded "charity summary", below a news
        # report (it is neither the ONS release itself nor an outlet's reporting).
        "source_id": "REDUCINGTHERISK_ONS_Q1_2020",
        "title": "Annual domestic abuse statistics published",
        "publisher": "Reducing the Risk (domestic abuse charity)",
        "published": "2020",
        "url": "https://reducingtherisk.org.uk/annual-domestic-abuse-statistics-published/",
        "source_type": "charity summary",
        "licence": "Charity website; underlying ONS data OGL v3.0",
        "attribution": "ONS figures (April–June 2020) as summarised by Reducing the Risk; check against the ONS table",
    },
    {
        "source_id": "MANCUNIAN_MATTERS_GMP_DVPO",
        "title": "Domestic Violence Protection Order grants in Greater Manchester more than double since 2019",
        "publisher": "Mancunian Matters",
        "published": "",
        "url": "https://mancunianmatters.co.uk/?p=142962",
        "source_type": "news report",
        "licence": "News copyright; figures only reused",
        "attribution": "Figures reported by Mancunian Matters (from ONS data; period uncertain)",
    },
    {
        "source_id": "SWINDON_ADV_WILTS_PILOT_2012",
        "title": "New protection orders issued in abuse scheme",
        "publisher": "Swindon Advertiser",
        "published": "2012",
        "url": "https://swindonadvertiser.co.uk/news/9652447.new-protection-orders-issued-in-abuse-scheme",
        "source_type": "news report",
        "licence": "News copyright; figures only reused",
        "attribution": "Figures reported by the Swindon Advertiser, 2012 (Wiltshire Police DVPO pilot)",
    },
    # ------------------------------------------------------------------ DAPOs
    {
        # A government press release, not a statistical release, so not "official statistics".
        # There is no "government statement" type; the nearest is an official body's statement.
        "source_id": "MOJ_HO_NORTH_WALES_DAPO_2025",
        "title": "Greater protection for domestic abuse victims in North Wales",
        "publisher": "Ministry of Justice / Home Office (announcement reproduced by The Herald (Wales) and Deeside.com)",
        "published": "2025-04-28",
        "url": "https://herald.wales/north-wales/greater-protection-for-domestic-abuse-victims-in-north-wales",
        "source_type": "police or PCC statement",
        "licence": "Government press release, OGL v3.0",
        "attribution": "Figure: Ministry of Justice / Home Office announcement, 28 April 2025",
    },
    {
        "source_id": "ABOUTMANCHESTER_GMP_DAPO_2025",
        "title": "Over 100 domestic abuse protection orders secured in first four months of Greater Manchester pilot",
        "publisher": "About Manchester",
        "published": "2025",
        "url": "https://aboutmanchester.co.uk/over-100-domestic-abuse-protection-orders-secured-in-first-four-months-of-greater-manchester-pilot",
        "source_type": "news report",
        "licence": "News copyright / police statement",
        "attribution": "Figures reported by About Manchester, 2025 (Greater Manchester Police)",
    },
    {
        "source_id": "WIGAN_TODAY_GMP_DAPO_2025_01",
        "title": "Five Domestic Abuse Protection Orders granted in first week of pilot in Wigan",
        "publisher": "Wigan Today",
        "published": "2025-01-15",
        "url": "https://www.wigantoday.net/news/crime/five-domestic-abuse-protection-orders-granted-in-first-week-of-pilot-in-wigan-4943619",
        "source_type": "news report",
        "licence": "News copyright; figures only reused",
        "attribution": "Figure reported by Wigan Today, 15 January 2025",
    },
    {
        "source_id": "WIGAN_TODAY_GMP_DAPO_2025_02",
        "title": "How new domestic abuse protection orders are helping people in Wigan",
        "publisher": "Wigan Today",
        "published": "2025-02",
        "url": "https://www.wigantoday.net/news/crime/how-new-domestic-abuse-protection-orders-are-helping-people-in-wigan-4996559",
        "source_type": "news report",
        "licence": "News copyright; figures only reused",
        "attribution": "Figures reported by Wigan Today, February 2025",
    },
    {
        "source_id": "POLICE_PROFESSIONAL_GMP_DAPO_2025_06",
        "title": "DAPOs pilot sees GMP secure more than 200 orders in first six months",
        "publisher": "Police Professional",
        "published": "2025-06-11",
        "url": "https://policeprofessional.com/news/dapos-pilot-sees-gmp-secure-more-than-200-orders-in-first-six-months",
        "source_type": "news report",
        "licence": "News copyright; figures only reused",
        "attribution": "Figure reported by Police Professional, 11 June 2025 (Greater Manchester Police)",
    },
    {
        "source_id": "OLDHAM_REPORTER_GMP_DAPO_2025_11",
        "title": "Hundreds of Domestic Abuse Protection Orders secured as pilot hits 12 months",
        "publisher": "Oldham Reporter",
        "published": "",  # c. Nov 2025
        "url": "https://www.notreallyheremedia.com/news/oldham-reporter/hundreds-of-domestic-abuse-protection-orders-secured-as-pilot-hits-12-months",
        "source_type": "news report",
        "licence": "News copyright; figures only reused",
        "attribution": "Figures reported by the Oldham Reporter, 2025 (Greater Manchester Police, pilot's first 12 months)",
    },
    {
        "source_id": "MET_NEWS_DAPO_2025",
        "title": "More domestic abuse victims protected",
        "publisher": "Metropolitan Police",
        "published": "2025",
        "url": "https://news.met.police.uk/news/more-domestic-abuse-victims-protected-503636",
        "source_type": "police or PCC statement",
        "licence": "Police press release; BBC copyright for the BBC News report",
        "attribution": "Figures: Metropolitan Police news release, 2025 (Croydon, Bromley and Sutton pilot)",
    },
    {
        "source_id": "CLEVELAND_POLICE_DAPO_2025_06",
        "title": "Cleveland Police secures more than 120 Domestic Abuse Protection Orders since pilot launch",
        "publisher": "Cleveland Police",
        "published": "2025-06",
        "url": "https://www.cleveland.police.uk/news/cleveland/news/2025/june/cleveland-police-secures-more-than-120-domestic-abuse-protection-orders-since-pilot-launch/",
        "source_type": "police or PCC statement",
        "licence": "Police website content; licence not stated (police content is typically OGL v3.0; confirm)",
        "attribution": "Figure: Cleveland Police news release, June 2025",
    },
    # ------------------------------------------------------------------ national / regional context
    {
        "source_id": "GUARDIAN_HO_REVIEW_2022_VIA_COPY",
        "title": "Anti-stalking orders 'fail to protect women from danger' (third-party copy of a Guardian article)",
        "publisher": "successdigestonline.com (copy of The Guardian)",
        "published": "",
        "url": "https://successdigestonline.com/anti-stalking-orders-fail-to-protect-women-from-danger/",
        "source_type": "copy of a news report",
        "licence": "News copyright; secondary copy (figures only)",
        "attribution": "Figure from the Home Office review of SPOs as reported by The Guardian (read from a "
                       "third-party copy; not verified against the original)",
    },
    {
        # A House of Lords oral question, read on a third-party site (orderpaper.co.uk), not in
        # Hansard itself: graded "copy of a statement or record". The numbers are a peer's statements,
        # not a statistical release, and no police body or PCC made them.
        "source_id": "ORDERPAPER_LORDS_SPO",
        "title": "House of Lords oral question: Stalking Protection Orders",
        "publisher": "UK Parliament, House of Lords (via orderpaper.co.uk)",
        "published": "",
        "url": "https://orderpaper.co.uk/hansard/stalking-protection-orders",
        "source_type": "copy of a statement or record",
        "licence": "Parliamentary copyright, Open Parliament Licence",
        "attribution": "Figures stated by a member of the House of Lords in an oral question on Stalking Protection "
                       "Orders (Hansard, via orderpaper.co.uk); not an official statistic",
    },
    {
        "source_id": "NPCC_2022_11",
        "title": "Police Chiefs respond to Stalking Super-complaint",
        "publisher": "National Police Chiefs' Council (NPCC)",
        "published": "2022-11-25",
        "url": "https://news.npcc.police.uk/releases/police-chiefs-respond-to-stalking-super-complaint",
        "source_type": "police or PCC statement",
        "licence": "Press release; no licence stated (figures only reused)",
        "attribution": "Figure: National Police Chiefs' Council press release, 25 November 2022",
    },
    {
        "source_id": "BBC_SDU_SPO_2021_PARTNER_STORY",
        "title": "New legal powers to protect stalking victims not being used by all police forces",
        "publisher": "LincolnshireWorld (BBC Shared Data Unit partner story)",
        "published": "2021-06",
        "url": "https://www.lincolnshireworld.com/news/people/new-legal-powers-to-protect-stalking-victims-not-being-used-by-all-police-forces-3271857",
        "source_type": "news report",
        "licence": "News copyright; figures only reused",
        "attribution": "Figures reported by LincolnshireWorld, June 2021 (BBC Shared Data Unit FOI survey)",
    },
    {
        "source_id": "PA_HO_DVPO_ONE_YEAR_ON_VIA_CAREAPPOINTMENTS",
        "title": "More than 4,000 emergency orders granted to protect domestic abuse victims (PA report; title from URL)",
        "publisher": "careappointments.com (copy of a Press Association report)",
        "published": "",
        "url": "https://careappointments.com/care-news/england/97714/more-than-4-000-emergency-orders-granted-to-protect-domestic-abuse-victims",
        "source_type": "copy of a news report",
        "licence": "News copyright (original publisher); figures only reused from a third-party copy",
        "attribution": "Figures from the Home Office DVPO national roll-out assessment as reported by the Press "
                       "Association (read from a third-party copy)",
    },
    {
        "source_id": "FAIRRIGHTS_DAPO_IA_COPY",
        "title": "Third-party page quoting government Domestic Abuse Protection Order cost and volume estimates",
        "publisher": "fairrights.co.uk (low-quality third-party host)",
        "published": "",
        "url": "https://fairrights.co.uk/articles/9-steps-to-starting-a-business",
        "source_type": "copy of a news report",
        "licence": "No licence stated; figures only reused from a third-party copy",
        "attribution": "Figures quoted from government DAPO impact-assessment text on a third-party page "
                       "(not verified against the impact assessment)",
    },
    {
        # The evaluating unit's web summary of a Home Office research report: not a statistical
        # release, so graded "news report" (secondary account of published figures).
        "source_id": "CWASU_DVPO_PILOT_EVAL",
        "title": "Evaluation of Domestic Violence Protection Orders (DVPOs): summary of Home Office Research Report 76 (November 2013)",
        "publisher": "Child and Woman Abuse Studies Unit (CWASU)",
        "published": "",
        "url": "https://cwasu.org/resource/evaluation-of-domestic-violence-protection-order-dvpos/",
        "source_type": "news report",
        "licence": "No licence stated; figures only reused",
        "attribution": "Figures: Home Office DVPO pilot evaluation (Research Report 76, November 2013), as summarised by CWASU",
    },
    {
        "source_id": "NCDV_FCSQ_Q1_2019",
        "title": "DV orders at all-time high",
        "publisher": "NCDV Magazine",
        "published": "",
        "url": "https://www.ncdvmagazine.co.uk/dv-orders-at-all-time-high/",
        "source_type": "news report",
        "licence": "News copyright; figures only reused (underlying MoJ statistics OGL v3.0)",
        "attribution": "Figures reported by NCDV Magazine (MoJ Family Court Statistics Quarterly, January–March 2019)",
    },
    {
        "source_id": "CYPNOW_FCSQ_Q3_2017",
        "title": "Domestic violence orders reach record level",
        "publisher": "CYP Now",
        "published": "2017-12-18",
        "url": "https://www.cypnow.co.uk/cyp/news/2004655/domestic-violence-orders-reach-record-level",
        "source_type": "news report",
        "licence": "News copyright; figures only reused (underlying MoJ statistics OGL v3.0)",
        "attribution": "Figures reported by CYP Now, 18 December 2017 (MoJ Family Court Statistics Quarterly, July–September 2017)",
    },
    {
        "source_id": "MEN_DAPO_2025_VIA_EUROPESAYS",
        "title": "Manchester Evening News feature on the Greater Manchester DAPO pilot (third-party copy)",
        "publisher": "europesays.com (copy of the Manchester Evening News)",
        "published": "",
        "url": "https://www.europesays.com/uk/646794",
        "source_type": "copy of a news report",
        "licence": "News copyright (original publisher); figures only reused from a third-party copy",
        "attribution": "Figures reported by the Manchester Evening News (read from a third-party copy)",
    },
    # ------------------------------------------------------------------ the project itself
    {
        # Warnings that are the project's own (the data collectors' notes), not any source's.
        "source_id": "SPODASH_PROJECT",
        "title": "Notes by this dashboard's data collectors (raw data provenance notes)",
        "publisher": "This dashboard (stalking and protective orders in England and Wales)",
        "published": "",
        "url": "",
        "source_type": "project note",
        "licence": "Same terms as this dashboard's code and data",
        "attribution": "Note by this dashboard's data collectors, not a published source",
    },
]

#: What each copy is a copy of (``copy_of`` in sources.csv): every "copy of …" source, and only those.
COPY_OF = {
    "ONS_PFA_P1_YE_SEP2023_2024_COMPILED": "ONS, Crime in England and Wales: Police Force Area data tables, Table P1 "
                                           "(years ending September 2023 and September 2024)",
    "NOTTS_2024_AGGREGATOR": "A 2024 news report quoting Nottinghamshire Police (original publisher not identified)",
    "GUARDIAN_HO_REVIEW_FORCES_VIA_COPY": "The Guardian, \"Anti-stalking orders 'fail to protect women from danger'\"",
    "GUARDIAN_HO_REVIEW_2022_VIA_COPY": "The Guardian, \"Anti-stalking orders 'fail to protect women from danger'\"",
    "BBC_NE_SPO_2025_VIA_COPY": "BBC News (North East Investigation Team), 2025",
    "SPO_TOO_MUCH_WORK_2025_VIA_COPY": "A 2025 news report of the BBC's FOI figures (original publisher not identified)",
    "PA_HO_DVPO_ONE_YEAR_ON_VIA_CAREAPPOINTMENTS": "A Press Association report of the Home Office DVPO roll-out assessment",
    "FAIRRIGHTS_DAPO_IA_COPY": "The government's Domestic Abuse Protection Order impact assessment (as quoted)",
    "MEN_DAPO_2025_VIA_EUROPESAYS": "Manchester Evening News",
    "ORDERPAPER_LORDS_SPO": "Hansard, House of Lords oral question \"Stalking Protection Orders\"",
    "STAFFS_DVPO_2017": "A Staffordshire Police statement",
}

#: Why a source has no URL (``url_note`` in sources.csv): every source whose ``url`` is "", and only those.
URL_NOTES = {
    "ONS_MYE_2023": "The provenance notes give no web address for the ONS release: the table was read from an "
                    "unchanged copy in the GitHub repository burysek/immigration_and_crime (commit b3d2ba0).",
    "ONS_PFA_BOUNDARIES_DEC2023": "The provenance notes give no web address for the ONS Open Geography Portal "
                                  "product: the files were extracted from the unmodified ONS zip held in the GitHub "
                                  "repository burysek/immigration_and_crime (commit b3d2ba0).",
    "SPODASH_PROJECT": "The project's own note: not published anywhere else.",
}

#: Reports of the Home Office "Review of Stalking Protection Orders" and each one's own words for its
#: period. The review's own tables were not read, so the period it gives itself is not known here:
#: each report's dates are kept, and the build says so in the note of every review figure.
HO_REVIEW_REPORTS = {
    "GUARDIAN_HO_REVIEW_FORCES_VIA_COPY": "'between January 2020 and January 2021'",
    "HO_SPO_REVIEW_VIA_HARTLEPOOL_MAIL_2022": "'between January 2020 and January 2021'",
    "NORTHERN_ECHO_NE_SPO_2022": "'in the first year of their use – between January 2020 and February 2021'",
    "CUMBRIA_NEWS_AND_STAR_2022": "'in the first year of their use – between January 2020 and February 2021'",
    "AVON_MNR_JOURNAL_RADAR_2022": "'the first year of the new powers' (the end date, 19 January 2021, was inferred "
                                   "by the data collector)",
    "DORSET_BRIDPORT_NEWS_RADAR_2022": "'the first year of the new powers' (the end date, 19 January 2021, was "
                                       "inferred by the data collector)",
    "GUARDIAN_HO_REVIEW_2022_VIA_COPY": "'first year' (the sub-headline); the dates stored, calendar 2020, follow a "
                                        "peer in the House of Lords ('introduced in 2020. In that year')",
}
#: The review's first-year figures: only rows of those reports whose period is one of these.
HO_REVIEW_PERIODS = {("2020-01-01", "2021-01-31"), ("2020-01-01", "2021-02-28"), ("2020-01-20", "2021-01-19"),
                     ("2020-01-01", "2020-12-31")}
HO_REVIEW_NOTE = ("A Home Office SPO review figure: this report dates it {words}. Reports of the same review date "
                  "its figures four ways (calendar 2020; January 2020 to January 2021; January 2020 to February "
                  "2021; 20 January 2020 to 19 January 2021) and the review's own tables were not read, so the "
                  "period the review itself gives is not confirmed.")

#: Context rows whose geography label says more than the source: (geography, source_id) -> (label, note).
CONTEXT_LABELS = {
    ("North East (region)", "HO_SPO_REVIEW_VIA_HARTLEPOOL_MAIL_2022"): (
        "North East (as reported; forces covered not stated)",
        "The Hartlepool Mail does not say which forces its 'North East' covers, so it may not be the ONS region "
        "(Cleveland, Durham, Northumbria). The Northern Echo's report of the same review gives a region of "
        "Cleveland, Durham, Northumbria and North Yorkshire 7 full and 18 interim orders (25 in all) for January "
        "2020 to February 2021.",
    ),
}

#: Home Office review figures that local reports give only as "fewer than five" or "between one and
#: five": (slug, force code, force name, reporting source, from, to, topics). One caveat each, tied to
#: the force and the report, so it is not shown beside other forces' or other sources' figures.
_HO_SUPPRESSED = (
    ("cumbria", "E23000002", "Cumbria", "CUMBRIA_NEWS_AND_STAR_2022", "2020-01-01", "2021-02-28", "SPO"),
    ("cleveland", "E23000013", "Cleveland", "NORTHERN_ECHO_NE_SPO_2022", "2020-01-01", "2021-02-28", "SPO"),
    ("north-yorkshire", "E23000009", "North Yorkshire", "NORTHERN_ECHO_NE_SPO_2022", "2020-01-01", "2021-02-28", "SPO"),
    ("avon-somerset", "E23000036", "Avon and Somerset", "AVON_MNR_JOURNAL_RADAR_2022", "2020-01-20", "2021-01-19",
     "full SPO"),
    ("dorset", "E23000039", "Dorset", "DORSET_BRIDPORT_NEWS_RADAR_2022", "2020-01-20", "2021-01-19",
     "SPO|interim SPO"),
)


def _ho_review_suppressed() -> list[dict]:
    """One caveat per force whose Home Office review figure was suppressed in the report of it."""
    return [{
        "caveat_id": f"ho-spo-review-fewer-than-five-{slug}",
        "force_code": code,
        "applies_from": start,
        "applies_to": end,
        "topic": topic,
        "text": f"The Home Office review's first-year figures for {name}, as reported in local news, suppress small "
                "numbers as \"fewer than five\" or \"between one and five\". They are left blank, not zero; the "
                "review's own tables were not read.",
        "source_id": source,
    } for slug, code, name, source, start, end, topic in _HO_SUPPRESSED]


CAVEATS = [
    # ------------------------------------------------------------------ counting-rule changes (all forces)
    {
        # Starts at 25 Nov 2012 (stalking offences in force) so that 8L figures which include
        # stalking also carry it, as well as the 8Q series that begins in April 2014.
        "caveat_id": "rule-2014-stalking-8q",
        "force_code": "",
        "applies_from": "2012-11-25",
        "applies_to": "",
        "topic": "8L|8Q",
        "text": "Stalking (8Q) was introduced as a separate crime classification in April 2014; before this, "
                "stalking offences (in force from 25 November 2012) were counted within harassment (8L). "
                "There is no 8Q figure before 2014/15, and the change is a step, not a trend.",
        "source_id": "ONS_APPENDIX_A4_YE_MAR2022",
    },
    {
        "caveat_id": "rule-2015-harassment-added",
        "force_code": "",
        "applies_from": "2015-04-01",
        "applies_to": "",
        "topic": "8L|stalking_harassment",
        "text": "From April 2015 two offences not previously notifiable were added to harassment: disclosing "
                "private sexual photographs and films with intent to cause distress, and sending letters "
                "(including any electronic communication) with intent to cause distress or anxiety. There is no "
                "back-series, so the jump in 8L from 2014/15 to 2015/16 (82k to 153k) is a step change, not a trend.",
        "source_id": "ONS_APPENDIX_A4_YE_MAR2022",
    },
    {
        "caveat_id": "rule-2017-malicious-comms-8r",
        "force_code": "",
        "applies_from": "2017-04-01",
        "applies_to": "",
        "topic": "8L|8R|stalking_harassment",
        "text": "In April 2017 malicious communications offences, including those added in 2015, moved out of "
                "harassment (8L) into a new classification, 8R Malicious Communications, so 8L falls (207k to 124k "
                "between 2016/17 and 2017/18) and 8R "
                "appears: a split, not a fall in crime. From the year ending June 2017 ONS also shows "
                "'Stalking and harassment' as its own sub-category.",
        "source_id": "ONS_APPENDIX_A4_YE_MAR2022",
    },
    {
        "caveat_id": "rule-2018-additional-offence",
        "force_code": "",
        "applies_from": "2018-04-01",
        "applies_to": "",
        "topic": "8L|8M|8Q|8R|8U|stalking_harassment",
        "text": "From April 2018 a course of conduct amounting to stalking, harassment or controlling and coercive "
                "behaviour is \"recorded in addition to the most serious additional offence\" against the same "
                "victim. Counts rose as a result (8L 124k to 214k, 8R 160k to 208k between 2017/18 and 2018/19): "
                "a step change, not a trend. This was reversed for conduct crimes in May 2023.",
        "source_id": "ONS_APPENDIX_A4_YE_MAR2022",
    },
    {
        "caveat_id": "rule-2020-former-partner-stalking",
        "force_code": "",
        "applies_from": "2020-04-01",
        "applies_to": "",
        "topic": "8L|8Q|stalking_harassment",
        "text": "From April 2020 a course of conduct reported between a victim and their former partner must be "
                "recorded as stalking unless police are satisfied it is harassment only; ONS says data from the "
                "year ending March 2021 on \"is not comparable to previous years\". Stalking (8Q) roughly tripled "
                "(33k in 2019/20 to 99k in 2020/21), and coercive control (8U) first appears separately in the "
                "same year.",
        "source_id": "ONS_APPENDIX_A4_YE_MAR2022",
    },
    {
        # 8R is not named among the conduct crimes in the notes, so it is not listed here.
        "caveat_id": "rule-2023-principal-crime",
        "force_code": "",
        "applies_from": "2023-05-31",
        "applies_to": "",
        "topic": "8L|8M|8Q|8U|stalking_harassment",
        "text": "In May 2023 the principal crime rule was reinstated for conduct crimes (harassment, stalking, "
                "controlling or coercive behaviour), so they are no longer recorded alongside a more serious "
                "crime (effective date usually given as 31 May 2023; not re-verified). This lowers counts from "
                "2023/24: the 43 forces recorded 707,210 stalking and harassment offences in 2022/23 and 605,320 "
                "in the year ending June 2025 (ONS's England and Wales figure, 605,728, also counts 408 British "
                "Transport Police offences). The year ending September 2023 has four months after the change and "
                "the year ending September 2024 is wholly after it. A step change, not a fall in offending.",
        "source_id": "ONS_APPENDIX_A4_YE_MAR2022",
    },
    # ------------------------------------------------------------------ Home Office file observations
    {
        "caveat_id": "8u-not-identified-before-2020",
        "force_code": "",
        "applies_from": "2015-12-29",
        "applies_to": "2020-03-31",
        "topic": "8U",
        "text": "Controlling or coercive behaviour became an offence on 29 December 2015, but it is only separately "
                "identifiable (as 8U) in the Home Office file from 2020/21. A missing 8U figure before then is "
                "not a zero.",
        "source_id": "HO_PRC_PFA_2023_10",
    },
    {
        # The build blanks these three cells by name (spodash/build/crime.py, UNIDENTIFIED_8U).
        "caveat_id": "gmp-8u-2019-20-blank",
        "force_code": "E23000005",
        "applies_from": "2019-07-01",
        "applies_to": "2020-03-31",
        "topic": "8U",
        "text": "The Home Office file gives Greater Manchester 0 controlling or coercive behaviour (8U) offences in "
                "July 2019 to March 2020, the quarters of the force's IT outage, and no other force any 8U figure "
                "before April 2020. 8U is not separately identifiable before 2020/21, so these are shown as not "
                "published, not as zero.",
        "source_id": "HO_PRC_PFA_2023_10",
    },
    {
        "caveat_id": "2012-13-violence-without-injury",
        "force_code": "",
        "applies_from": "2012-04-01",
        "applies_to": "2013-03-31",
        "topic": "8L|8M|stalking_harassment",
        "text": "In 2012/13 harassment (8L) and racially or religiously aggravated harassment (8M) sat in the Home "
                "Office sub-group 'Violence without injury'; they are in 'Stalking and harassment' only from "
                "2013/14. A 2012/13 stalking and harassment total is built from these codes, not published as such.",
        "source_id": "HO_PRC_PFA_2023_10",
    },
    {
        "caveat_id": "8m-negative-adjustments",
        "force_code": "",
        "applies_from": "2012-04-01",
        "applies_to": "2017-03-31",
        "topic": "8M",
        "text": "A few force-quarter figures for racially or religiously aggravated harassment (8M) between 2012/13 "
                "and 2016/17 are negative (-1 or -2). These are Home Office net adjustments, kept as published.",
        "source_id": "HO_PRC_PFA_2023_10",
    },
    {
        "caveat_id": "revisions-between-vintages",
        "force_code": "",
        "applies_from": "",
        "applies_to": "",
        "topic": "8L|8M|8Q|8R|8U|stalking_harassment",
        "text": "Home Office figures are revised in every release, so the October 2023 Home Office file and the ONS "
                "tables (2018-19 and 2025 editions) can differ slightly for the same period (typically under 1% "
                "per force). Do not mix the two in one series without saying so.",
        "source_id": "HO_PRC_PFA_2023_10",
    },
    # ------------------------------------------------------------------ all recorded crime, ONS footnotes
    {
        "caveat_id": "not-national-statistics",
        "force_code": "",
        "applies_from": "",
        "applies_to": "",
        "topic": "8L|8M|8Q|8R|8U|stalking_harassment",
        "text": "Police recorded crime is \"not designated as National Statistics\" (now \"official statistics, not "
                "accredited official statistics\"). It reflects how crimes are reported and recorded by the "
                "police as well as offending.",
        "source_id": "ONS_PFA_P1_YE_JUN2025",
    },
    {
        "caveat_id": "ons-ew-total-includes-btp",
        "force_code": "",
        "applies_from": "",
        "applies_to": "",
        "topic": "stalking_harassment",
        "text": "ONS 'England and Wales' totals include British Transport Police, which has no force area, so they "
                "do not equal the sum of the 43 forces. In the years ending September and December "
                "2019 they also exclude Greater Manchester.",
        "source_id": "ONS_PFA_P1_YE_DEC2019",
    },
    {
        "caveat_id": "ons-ye-jun2025-notes-not-exported",
        "force_code": "",
        "applies_from": "2024-07-01",
        "applies_to": "2025-06-30",
        "topic": "stalking_harassment",
        "text": "The year ending June 2025 figures come from a CSV export of ONS Table P1 without its notes sheet, "
                "so the table's footnote markers could not be checked.",
        "source_id": "ONS_PFA_P1_YE_JUN2025",
    },
    # ------------------------------------------------------------------ force-specific recorded crime
    {
        "caveat_id": "gmp-2019-it-system",
        "force_code": "E23000005",
        "applies_from": "2019-07-01",
        "applies_to": "2020-03-31",
        "topic": "8L|8M|8Q|8R|8U|stalking_harassment",
        "text": "After a new IT system in July 2019, Greater Manchester Police could not supply data for July to "
                "December 2019: it is shown as not available in the ONS years ending September and December 2019, "
                "and left out of their national and regional totals. The Home Office figures for 2019/20 were "
                "supplied later; treat that year with caution.",
        "source_id": "ONS_PFA_P1_YE_DEC2019",
    },
    {
        "caveat_id": "devon-cornwall-2022-it-system",
        "force_code": "E23000035",
        "applies_from": "2022-11-01",
        "applies_to": "2023-03-31",
        "topic": "8L|8M|8Q|8R|8U|stalking_harassment",
        "text": "Devon & Cornwall Police moved to a new IT system in November 2022 and ONS left the force out of the "
                "year ending December 2022 release. Its October 2022 to March 2023 figures (2,807 and 2,881 a "
                "quarter) are well below the previous quarter (3,414) and may be incomplete.",
        "source_id": "HO_PRC_PFA_2023_10",
    },
    {
        "caveat_id": "devon-cornwall-recording-trend",
        "force_code": "E23000035",
        "applies_from": "2022-11-01",
        "applies_to": "",
        "topic": "8L|8M|8Q|8R|8U|stalking_harassment",
        "text": "HMICFRS inspections found Devon & Cornwall Police under-recorded \"behavioural crimes (harassment, "
                "stalking, controlling and coercive behaviour)\". Its year ending June 2025 total (15,127) is above "
                "2022/23 (12,129) despite the national fall: treat its trend with caution.",
        "source_id": "ONS_PFA_P1_YE_JUN2025",
    },
    {
        "caveat_id": "dyfed-powys-ye-dec2019-undercount",
        "force_code": "W15000004",
        "applies_from": "2019-01-01",
        "applies_to": "2019-12-31",
        "topic": "stalking_harassment",
        "text": "In the ONS year ending December 2019 table there is \"an undercount of Dyfed-Powys violence against "
                "the person offences\" due to a technical issue. The later Home Office figure for the same period "
                "differs by 17.6%.",
        "source_id": "ONS_PFA_P1_YE_DEC2019",
    },
    {
        "caveat_id": "lancashire-2018-estimated",
        "force_code": "E23000003",
        "applies_from": "2018-11-01",
        "applies_to": "2018-12-31",
        "topic": "stalking_harassment",
        "text": "Lancashire could not provide recorded crime for November and December 2018, so the ONS year ending "
                "December 2018 figures use an estimate for those months. ONS later noted technical difficulties "
                "after the force changed recording systems in November 2018.",
        "source_id": "ONS_PFA_P1_YE_DEC2018",
    },
    {
        "caveat_id": "cheshire-ye-jun2019-undercount",
        "force_code": "E23000006",
        "applies_from": "2018-07-01",
        "applies_to": "2019-06-30",
        "topic": "stalking_harassment",
        "text": "ONS noted that Cheshire's new crime recording system led to an undercount of about 1,000 crimes "
                "(all offences) in the year ending June 2019, to be put right in later quarters.",
        "source_id": "ONS_PFA_P1_YE_JUN2019",
    },
    {
        "caveat_id": "avon-somerset-admin-error",
        "force_code": "E23000036",
        "applies_from": "2015-04-01",
        "applies_to": "",
        "topic": "8L|8M|8Q|8R|8U|stalking_harassment",
        "text": "From the year ending March 2016 onwards, Avon and Somerset figures include crimes previously "
                "unaccounted for due to an administrative error, about 2% of the force's recorded offences. "
                "Comparisons with earlier years show a small step change.",
        "source_id": "ONS_PFA_P1_YE_MAR2019",
    },
    {
        "caveat_id": "north-wales-historical-crimes",
        "force_code": "W15000001",
        "applies_from": "2017-04-01",
        "applies_to": "2018-03-31",
        "topic": "stalking_harassment",
        "text": "North Wales Police inadvertently reported a number of historical crimes, which were included in the "
                "original ONS year ending March 2018 table. The revised (v2) edition used here removes them, so its "
                "totals \"are not consistent with other data published in March 2018\".",
        "source_id": "ONS_PFA_P1_YE_MAR2018",
    },
    {
        "caveat_id": "cambridgeshire-cancelled-records",
        "force_code": "E23000023",
        "applies_from": "2018-10-01",
        "applies_to": "2019-09-30",
        "topic": "stalking_harassment",
        "text": "ONS warned that figures for Cambridgeshire in the year ending September 2019 \"may change in "
                "subsequent quarters due to administrative issues on how cancelled records are being counted\".",
        "source_id": "ONS_PFA_P1_YE_SEP2019",
    },
    # ------------------------------------------------------------------ rates
    {
        "caveat_id": "city-of-london-resident-population",
        "force_code": "E23000034",
        "applies_from": "",
        "applies_to": "",
        "topic": "8L|8M|8Q|8R|8U|stalking_harassment|SPO|interim SPO|full SPO|DVPN|DVPO|DAPN|DAPO",
        "text": "The City of London has a resident population of only 13,462 (mid-2023), far smaller than its daytime "
                "and worker population, so its rates per 100,000 residents are extreme. Compare counts, or read it "
                "alongside the Metropolitan Police.",
        "source_id": "ONS_MYE_2023",
    },
    # ------------------------------------------------------------------ all order figures
    {
        # The warning is the collector's own (orders/SOURCES.md), so it is the project's note.
        "caveat_id": "orders-do-not-add-across-sources",
        "force_code": "",
        "applies_from": "",
        "applies_to": "",
        "topic": "SPO|interim SPO|full SPO|DVPN|DVPO|DAPN|DAPO",
        "text": "Do not add up order figures across sources: there is no official per-force series, measures differ "
                "(applications, grants, orders 'secured', orders in force), periods overlap, and interim and full "
                "SPOs are sometimes counted separately and sometimes together.",
        "source_id": "SPODASH_PROJECT",
    },
    *_ho_review_suppressed(),
    # ------------------------------------------------------------------ BBC Shared Data Unit 2021 survey
    # Period: SPOs in force from 20 Jan 2020 to the latest "date correct to" in the file, 26 May 2021.
    {
        "caveat_id": "bbc2021-lincolnshire-no-response",
        "force_code": "E23000020",
        "applies_from": "2020-01-20",
        "applies_to": "2021-05-26",
        "topic": "SPO",
        "text": "Lincolnshire Police did not respond to the BBC Shared Data Unit's 2021 FOI request. The BBC file shows "
                "0 SPOs applied for, but that is not a reported zero: the figure is unknown.",
        "source_id": "BBC_SDU_SPO_2021",
    },
    {
        "caveat_id": "bbc2021-north-yorkshire-no-response",
        "force_code": "E23000009",
        "applies_from": "2020-01-20",
        "applies_to": "2021-05-26",
        "topic": "SPO",
        "text": "North Yorkshire Police did not respond to the BBC Shared Data Unit's 2021 FOI request. The BBC file "
                "shows 0 SPOs applied for, but that is not a reported zero: the figure is unknown.",
        "source_id": "BBC_SDU_SPO_2021",
    },
    {
        "caveat_id": "bbc2021-city-of-london-absent",
        "force_code": "E23000034",
        "applies_from": "2020-01-20",
        "applies_to": "2021-05-26",
        "topic": "SPO",
        "text": "City of London Police is absent from the BBC Shared Data Unit's shared 2021 dataset, so there is no "
                "figure for it from that survey (and no other SPO figure for it was found).",
        "source_id": "BBC_SDU_SPO_2021",
    },
    {
        "caveat_id": "bbc2021-nottinghamshire-na",
        "force_code": "E23000019",
        "applies_from": "2020-01-20",
        "applies_to": "2021-05-26",
        "topic": "SPO",
        "text": "Nottinghamshire's answer to the BBC 2021 survey gives rejected and not-yet-heard SPOs as 'n/a'; "
                "those figures are left blank.",
        "source_id": "BBC_SDU_SPO_2021",
    },
    {
        "caveat_id": "bbc2021-interim-full-combined",
        "force_code": "",
        "applies_from": "2020-01-20",
        "applies_to": "2021-05-26",
        "topic": "SPO",
        "text": "The BBC Shared Data Unit's 2021 survey does not separate interim and full Stalking Protection Orders.",
        "source_id": "BBC_SDU_SPO_2021",
    },
    {
        "caveat_id": "bbc2021-dates-differ-by-force",
        "force_code": "",
        "applies_from": "2020-01-20",
        "applies_to": "2021-05-26",
        "topic": "SPO",
        "text": "BBC 2021 survey figures run from SPOs coming into force (20 January 2020; the BBC asked 'since "
                "January 2020') to the date each force's answer was correct to: 30 December 2020 for the Welsh "
                "forces, and between 6 April and 26 May 2021 for English forces. Periods therefore differ by force.",
        "source_id": "BBC_SDU_SPO_2021",
    },
    {
        "caveat_id": "bbc2021-england-total-294-vs-292",
        "force_code": "",
        "applies_from": "2020-01-20",
        "applies_to": "2021-05-26",
        "topic": "SPO",
        "text": "The BBC partner story's \"294 granted in England\" does not match the shared file, whose English forces "
                "sum to 292; the file's England and Wales total is 294 (Wales 2). The story's figure probably "
                "included the Welsh forces, but that is an inference, not a published statement.",
        "source_id": "BBC_SDU_SPO_2021",
    },
    # ------------------------------------------------------------------ SPO sources that disagree
    {
        "caveat_id": "sussex-first-year-figures-conflict",
        "force_code": "E23000033",
        "applies_from": "2020-01-01",
        "applies_to": "2021-01-31",
        "topic": "SPO|interim SPO|full SPO",
        "text": "Sources disagree on Sussex's first year of SPOs: 29 orders obtained (Sussex Police via The Argus), "
                "29 applications (Ipswich Star) and 41 applications (Home Office review via The Guardian). The "
                "Ipswich Star may have labelled orders as applications.",
        "source_id": "IPSWICH_STAR_SPO_2021",
    },
    {
        "caveat_id": "devon-cornwall-spo-2020-conflict",
        "force_code": "E23000035",
        "applies_from": "2020-01-01",
        "applies_to": "2021-04-27",
        "topic": "SPO|interim SPO|full SPO",
        "text": "Devon & Cornwall Police told local news it imposed 21 SPOs in 2020, while its answer to the BBC FOI "
                "survey gives 17 granted up to 27 April 2021. Definitions differ; both are shown as published.",
        "source_id": "DEVON_CORNWALL_NUB_2021",
    },
    {
        "caveat_id": "dorset-first-year-conflict",
        "force_code": "E23000039",
        "applies_from": "2020-01-01",
        "applies_to": "2021-01-31",
        "topic": "SPO|interim SPO|full SPO",
        "text": "For Dorset's first year of SPOs, Home Office figures as reported by local news (fewer than five "
                "applications, fewer than five interim orders) conflict with the force's own FOI answer and the BBC "
                "survey (no applications in 2020). Both are shown as published.",
        "source_id": "DORSET_BRIDPORT_NEWS_RADAR_2022",
    },
    {
        "caveat_id": "durham-first-year-conflict",
        "force_code": "E23000008",
        "applies_from": "2020-01-01",
        "applies_to": "2021-04-16",
        "topic": "SPO|interim SPO|full SPO",
        "text": "Home Office review figures say Durham Constabulary applied for no SPOs between January 2020 and "
                "February 2021, but its answer to the BBC survey gives 3 applied for and 2 granted up to 16 April "
                "2021. The sources differ; both are shown as published.",
        "source_id": "NORTHERN_ECHO_NE_SPO_2022",
    },
    {
        # orders/SOURCES.md and the raw notes: "Year INFERRED" (2024) and "(inferred)" (2023). The inference
        # is the collector's, so the caveat is the project's; it is shown only beside this copy's figures.
        "caveat_id": "cleveland-spo-2023-2024-years-inferred",
        "force_code": "E23000013",
        "applies_from": "2023-01-01",
        "applies_to": "2024-12-31",
        "topic": "SPO",
        "text": "The years of Cleveland's 2023 and 2024 figures from this aggregator copy ('issued just three SPOs "
                "last year', 'only four the year before') are not stated in it: the data collector inferred 2024 "
                "and 2023 from the article's publication in 2025. Verify against the BBC original before quoting.",
        "source_id": "SPODASH_PROJECT",
    },
    {
        "caveat_id": "met-greater-london-label",
        "force_code": "E23000001",
        "applies_from": "2020-01-01",
        "applies_to": "2021-01-31",
        "topic": "SPO|interim SPO|full SPO",
        "text": "The Home Office review figure of 133 applications was published for \"Greater London police\" and is "
                "shown here for the Metropolitan Police; whether City of London Police is included is not stated.",
        "source_id": "GUARDIAN_HO_REVIEW_FORCES_VIA_COPY",
    },
    # ------------------------------------------------------------------ DAPO pilot
    {
        # Attached to the government announcement, the most official DAPO source catalogued.
        "caveat_id": "dapo-pilot-partial-coverage",
        "force_code": "",
        "applies_from": "2024-11-27",
        "applies_to": "",
        "topic": "DAPN|DAPO",
        "text": "Domestic Abuse Protection Notices and Orders come from a pilot that began on 27 November 2024 in only "
                "some districts of a few forces: Greater Manchester, the Metropolitan Police (Croydon, Bromley and "
                "Sutton) and Cleveland (from 5 March 2025); North Wales was announced in April 2025. They are not "
                "whole-force figures, and forces outside the pilot have none.",
        "source_id": "MOJ_HO_NORTH_WALES_DAPO_2025",
    },
    {
        "caveat_id": "dapo-pilot-gmp-districts",
        "force_code": "E23000005",
        "applies_from": "2024-11-27",
        "applies_to": "",
        "topic": "DAPN|DAPO",
        "text": "Greater Manchester's DAPO pilot started in Bury (November 2024) and spread to Wigan (January 2025), "
                "the City of Manchester (February 2025) and Tameside (7 July 2025). Earlier figures cover fewer "
                "districts, so growth partly reflects the pilot's spread.",
        "source_id": "ABOUTMANCHESTER_GMP_DAPO_2025",
    },
    {
        "caveat_id": "dapo-pilot-met-boroughs",
        "force_code": "E23000001",
        "applies_from": "2024-11-27",
        "applies_to": "",
        "topic": "DAPN|DAPO",
        "text": "Metropolitan Police DAPN and DAPO figures cover only the pilot boroughs of Croydon, Bromley and "
                "Sutton, not the whole force.",
        "source_id": "MET_NEWS_DAPO_2025",
    },
    {
        "caveat_id": "dapo-pilot-cleveland",
        "force_code": "E23000013",
        "applies_from": "2025-03-05",
        "applies_to": "",
        "topic": "DAPN|DAPO",
        "text": "Cleveland joined the DAPO pilot on 5 March 2025, later than Greater Manchester and the Metropolitan "
                "Police, so its figures cover a shorter period.",
        "source_id": "CLEVELAND_POLICE_DAPO_2025_06",
    },
]


#: Caveats about one source's own method, shown only beside that source's figures (and beside a
#: force that has no figure at all, where they explain the gap). Written to caveats.csv as
#: ``applies_to_source``; every other caveat applies whatever the source.
SOURCE_BOUND = {
    "bbc2021-lincolnshire-no-response": "BBC_SDU_SPO_2021",
    "bbc2021-north-yorkshire-no-response": "BBC_SDU_SPO_2021",
    "bbc2021-city-of-london-absent": "BBC_SDU_SPO_2021",
    "bbc2021-nottinghamshire-na": "BBC_SDU_SPO_2021",
    "bbc2021-interim-full-combined": "BBC_SDU_SPO_2021",
    "bbc2021-dates-differ-by-force": "BBC_SDU_SPO_2021",
    "bbc2021-england-total-294-vs-292": "BBC_SDU_SPO_2021",
    "met-greater-london-label": "GUARDIAN_HO_REVIEW_FORCES_VIA_COPY",
    "cleveland-spo-2023-2024-years-inferred": "SPO_TOO_MUCH_WORK_2025_VIA_COPY",
    **{c["caveat_id"]: c["source_id"] for c in _ho_review_suppressed()},
}
