"""The plan layouts of the corpus: the header wording, structure and status dialect of real
council plans (sources in README.md and in each ``source``), with invented actions and people."""

from __future__ import annotations

from make_layouts import Heading, Layout

LAYOUTS: dict[str, Layout] = {
    # 1. Refs restart within sections under heading rows; RAG as words.
    "york_improvement_2009": Layout(
        title="Improvement Plan 2009-10: Key Actions and Milestones",
        dated="Position as at 30 September 2009",
        headers=("No.", "Milestone", "Lead officer", "Deadline", "Progress", "RAG"),
        body=(
            Heading("1. Customer focus"),
            ("1", "Publish customer service standards for every directorate", "Head of Customer Services",
             "31/07/2009", "Standards published on the intranet in July", "Green"),
            ("2", "Introduce a single complaints process", "Head of Customer Services", "30/11/2009",
             "Process drafted; consultation with unions delayed", "Amber"),
            Heading("2. Effective organisation"),
            ("1", "Deliver training on the Protocol on Officer/Member Relations", "Head of Civic Services",
             "31/10/2009", "Two of six sessions held", "Green"),
            ("2", "Agree the workforce development plan", "Assistant Director HR", "31/08/2009",
             "Not yet agreed by the Executive: report withdrawn", "Red"),
        ),
        formats=("txt", "csv", "xlsx", "docx"),
        source="City of York Council, Improvement Plan 2009-10 Key Actions and Milestones (Executive, "
        "21 July 2009): https://democracy.york.gov.uk/mgDecisionDetails.aspx?IId=19557&Opt=1",
    ),
    # 2. A sheet per theme; "On track" / "At risk" / "Off track" status wordings.
    "spelthorne_recovery": Layout(
        title="Improvement and Recovery Plan: progress report",
        dated="Position as at 31 March 2025",
        headers=("Action no.", "Action", "Owner", "By when", "Update", "Status"),
        body=(
            Heading("Finance"),
            ("1", "Set a balanced budget without use of reserves", "Chief Finance Officer", "28/02/2025",
             "Budget set by Council in February", "Complete"),
            ("2", "Review the commercial property portfolio", "Group Head Assets", "30/06/2025",
             "Valuations commissioned", "On track"),
            Heading("Governance"),
            ("1", "Refresh the constitution and scheme of delegation", "Monitoring Officer", "31/05/2025",
             "Working group has met twice; timetable tight", "At risk"),
            ("2", "Member development programme", "Democratic Services Manager", "31/01/2025",
             "Provider not appointed", "Off track"),
            ("3", "Set up an audit committee independent member", "Monitoring Officer", "30/09/2025", "",
             "Not yet started"),
        ),
        formats=("xlsx", "csv", "txt"),
        sheet_per_section=True,
        source="Spelthorne Borough Council, Improvement and Recovery Plan Progress Update to Council "
        "(themes with actions and activities): "
        "https://democracy.spelthorne.gov.uk/ieIssueDetails.aspx?IId=27542&Opt=3&PlanId=0",
    ),
    # 3. DOCX and XLSX with merged cells: a recommendation merged down its actions, a lead merged
    #    down two actions, headings merged across; BRAG with B for complete.
    "north_herts_cpc": Layout(
        title="Corporate Peer Challenge Action Plan",
        dated="Updated as at 28 February 2025",
        headers=("Ref", "Recommendation", "Action", "Lead officer", "Timescale", "Position statement", "BRAG"),
        body=(
            ("1.1", "Set out a clear set of priorities", "Agree Council Plan priorities with Cabinet",
             "Managing Director", "March 2025", "Priorities agreed at Cabinet", "B"),
            ("1.2", "Set out a clear set of priorities", "Align service plans to the priorities",
             "Managing Director", "June 2025", "Template out; plans due in May", "G"),
            ("2.1", "Strengthen the transformation programme", "Appoint a transformation lead",
             "Service Director Resources", "December 2024", "Recruitment failed twice", "R"),
            ("2.2", "Strengthen the transformation programme", "Publish a programme plan with milestones",
             "Service Director Resources", "April 2025", "Draft plan with the Leader", "A"),
        ),
        formats=("docx", "xlsx"),
        merge_down=(1, 3),
        source="North Hertfordshire Council, Corporate Peer Challenge Action Plan, Appendix A "
        "(Cabinet 18 March 2025): https://democracy.north-herts.gov.uk/ieIssueDetails.aspx?IId=19492&Opt=3",
    ),
    # 4. Several tables in one DOCX, one per theme, each under a heading paragraph; refs restart.
    "herefordshire_ofsted_2022": Layout(
        title="Children's Services Improvement Action Plan",
        dated="Position at 30 June 2023",
        headers=("Ref", "What we will do", "Accountable", "Completion date", "Commentary", "RAG status"),
        body=(
            Heading("Theme 1: Leadership and management"),
            ("1", "Establish an Improvement Board with an independent chair", "Chief Executive", "Jan 2023",
             "Board met monthly since January", "Green"),
            ("2", "Quality assurance framework in place", "Director of Children's Services", "March 2023",
             "Framework drafted; audits behind schedule", "Amber"),
            Heading("Theme 2: Front door"),
            ("1", "Respond to contacts within one working day", "Head of Service MASH", "April 2023",
             "Timeliness at 78%", "Red"),
            ("2", "Pathway with midwifery for early support", "Head of Early Help", "September 2023",
             "Pathway drafted with the hospital trust", "Green"),
        ),
        formats=("docx", "txt"),
        table_per_section=True,
        text_headings_plain=True,
        source="Herefordshire Council, Children's Services Improvement Action Plan after the July 2022 "
        "Ofsted inspection (Cabinet 15 December 2022): "
        "https://councillors.herefordshire.gov.uk/ieIssueDetails.aspx?IId=50043387&Opt=3",
    ),
    # 5. The issue's own layout: No./Officer/Target date/Latest position/Status (Red/Amber/Green),
    #    the header repeated on every page, a key and a totals row below the table.
    "bromsgrove_exceptions": Layout(
        title="Improvement Plan Exception Report December 2007",
        dated="as at 31 December 2007",
        headers=("No.", "Action", "Officer", "Target date", "Latest position", "Status"),
        body=(
            ("1", "Community consultation on the Town Centre Area Action Plan", "Head of Planning",
             "30/11/2007", "Consultation delayed until a developer is appointed", "Red"),
            ("2", "Appoint a developer for the Market Hall site", "Head of Planning", "31/03/2008",
             "Shortlist of three agreed", "Amber"),
            ("3", "Customer service centre telephone answering within 20 seconds", "Head of Customer Services",
             "31/12/2007", "Achieved in November and December", "Green"),
            ("4", "Spatial project to review car parking charges", "Head of Street Scene", "31/01/2008",
             "Report to Cabinet in January", "Green"),
        ),
        formats=("txt", "csv", "xlsx"),
        repeat_header_every=2,
        notes=(
            ("Key: Green = on target; Amber = up to one month behind; Red = over one month behind",),
            ("Total", "4 actions", "", "", "2 green, 1 amber, 1 red", ""),
        ),
        source="Bromsgrove District Council, Improvement Plan Exception Report (Cabinet 5 March 2008): "
        "https://moderngovwebpublic.bromsgrove.gov.uk/ieIssueDetails.aspx?IId=2625&Opt=3",
    ),
    # 6. Percentages and "Not yet started" / "Completed" in a Progress status column.
    "cheshire_east_ofsted": Layout(
        title="Ofsted ILACS Action Plan: Progress Update",
        dated="as at 30 April 2022",
        headers=("Action no.", "Task", "Who", "Date due", "Update", "Progress status"),
        body=(
            ("A1", "Refresh the practice standards for supervision", "Head of Children in Need",
             "31/03/2022", "Standards launched at the practice week", "Completed"),
            ("A2", "Audit of care plans for children in care", "Principal Social Worker", "30/06/2022",
             "40 of 60 audits done", "65%"),
            ("A3", "Recruit permanent team managers", "Director of Children's Social Care", "31/07/2022",
             "Advert out; one appointment", "25%"),
            ("A4", "Care leavers' local offer published", "Head of Cared for Children", "30/09/2022", "",
             "Not yet started"),
        ),
        formats=("csv", "xlsx", "txt"),
        source="Cheshire East Council, Ofsted Action Plan and Progress Update (Children and Families "
        "Committee, 23 May 2022): https://moderngov.cheshireeast.gov.uk/ieIssueDetails.aspx?IId=69513&Opt=3",
    ),
    # 7. No ref column at all: headings between activities; R/A/G letters and "Complete".
    "bracknell_council_plan": Layout(
        title="Council Plan Overview Report Quarter 4",
        dated="Position as at 31 March 2025",
        headers=("Activity", "Responsible officer", "Completion date", "Comments", "RAG"),
        body=(
            Heading("Engaged and healthy communities"),
            ("Open the new leisure centre gym", "Assistant Director Leisure", "31/01/2025",
             "Opened on time in January", "Complete"),
            ("Deliver the health checks programme", "Director of Public Health", "31/03/2025",
             "1,200 checks against a target of 1,500", "A"),
            Heading("Thriving and connected economy"),
            ("Adopt the local plan", "Assistant Director Planning", "31/12/2024",
             "Examination hearings postponed by the Inspector", "R"),
            ("Town centre wifi extended", "Head of Digital", "30/06/2025",
             "Contract signed; installation under way", "G"),
        ),
        formats=("txt", "csv", "xlsx", "docx"),
        source="Bracknell Forest Council, Council Plan overview report, quarter 4 2024-25 (actions "
        "complete / in progress / not started, rated green / amber / red): "
        "https://www.bracknell-forest.gov.uk/council-and-democracy/strategies-plans-and-policies/"
        "service-planning-and-performance/council-plan-overview-report/chief-executives-commentary",
    ),
    # 8. Seed 003's faces, drawn, in a Status column; "Item" refs; "Timescale" dates.
    "kirklees_children_improvement": Layout(
        title="Children's Improvement Plan",
        dated="Updated to 31 July 2017",
        headers=("Item", "Key action", "Lead", "Timescale", "Comments", "Status"),
        body=(
            ("1.1", "Single assessment timescales met for 85% of children", "Service Director Family Support",
             "June 2017", "82% in June: improving", "😐"),
            ("1.2", "Return interviews for every missing child", "Head of Safeguarding", "May 2017",
             "All missing episodes followed up since April", "☺"),
            ("2.1", "Stable social work workforce", "Service Director Resources", "March 2018",
             "Agency use still above 30%", "☹"),
        ),
        formats=("csv", "xlsx", "docx"),
        source="Kirklees Council, Children's Improvement Plan endorsed for submission to Ofsted and the "
        "Secretary of State (Cabinet, 2017): https://democracy.kirklees.gov.uk/mgDecisionDetails.aspx?IId=10698&Opt=1;"
        " the faces are seed 003's (Herefordshire Improvement Plan 2004)",
    ),
    # 9. Too little to chase: no lead and no date column (refused unless --partial).
    "epsom_cpc_draft": Layout(
        title="Corporate Peer Challenge Action Plan (draft)",
        dated="as at 23 July 2024",
        headers=("No.", "Recommendation", "Action", "Update"),
        body=(
            ("1", "Agree a clear vision", "Hold member workshops on the vision", "Two workshops held"),
            ("2", "Improve the planning service", "Commission a planning peer review", ""),
        ),
        formats=("csv", "docx"),
        source="Epsom and Ewell Borough Council, Corporate Peer Challenge Action Plan (Strategy and "
        "Resources Committee, 23 July 2024): https://democracy.epsom-ewell.gov.uk/ieIssueDetails.aspx?IId=12652&Opt=3",
    ),
}
