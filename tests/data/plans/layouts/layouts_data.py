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
    # 10. Refs of theme letters and three digits (CI001, G003); indicative timelines as quarters of
    #     the financial year ("Q3 2024/25") and "Ongoing"; the characteristic and the gap found
    #     in columns of their own before the action; the lead column before the date.
    "runnymede_best_value": Layout(
        title="Best Value Duty Self-Assessment: Gap Analysis and Action Plan",
        dated="as at 1 August 2024",
        headers=("Ref", "Characteristic", "Opportunity for improvement", "Action", "Officer(s) responsible",
                 "Indicative timeline", "Progress", "Status"),
        body=(
            Heading("1. Continuous Improvement"),
            ("CI001", "A culture of continuous improvement", "Lessons from complaints are not shared",
             "Publish a quarterly lessons-learned digest", "Head of Customer Services", "Q3 2024/25",
             "First digest issued in October", "Complete"),
            ("CI004", "Benchmarking used to drive change", "Little use of national data",
             "Set up a benchmarking group using the Oflog data explorer", "Corporate Head of Policy",
             "Q4 2024/25", "Terms of reference drafted", "In progress"),
            Heading("3. Governance"),
            ("G003", "Clear scheme of delegation", "Scheme not reviewed since 2019",
             "Review the scheme of delegation with members", "Monitoring Officer", "Quarter 1 2025/26",
             "", "Not started"),
            ("G007", "Effective scrutiny", "Work programme not linked to risks",
             "Link the scrutiny work programme to the corporate risk register", "Democratic Services Manager",
             "Ongoing", "Risk register now a standing item", "On track"),
        ),
        formats=("xlsx", "docx"),
        source="Runnymede Borough Council, Best Value Duty self-assessment and action plan (Standards and "
        "Audit Committee, July 2024; refs CI001 ... PCE007 under seven themes): "
        "https://runnymede.gov.uk/performance/best-value-duty/3",
    ),
    # 11. A title block with a key table above the plan, a theme column merged down its actions,
    #     the status scale written as words ("Delayed by less than 3 months", "Will not be met
    #     within 3 months of original target date"), dates as "Sept 23", "31.03.24" and "Ongoing",
    #     footnotes below the table.
    "rotherham_year_ahead": Layout(
        title="Year Ahead Delivery Plan: Milestone Tracker",
        dated="Position as at 30 November 2023",
        above=(
            ("Key", ""),
            ("Complete", "The action has been delivered"),
            ("On track", "On track to be delivered by the original target date"),
            ("Delayed", "Delayed by less than 3 months"),
            ("Will not be met", "Will not be met within 3 months of original target date"),
        ),
        headers=("Theme", "Ref", "Action", "Lead officer", "Target date", "Progress update", "Status"),
        body=(
            ("Places are thriving, safe and clean", "1.1", "Launch the street safe team patrols",
             "Head of Community Safety", "Sept 23", "Patrols started in four town centres", "Complete"),
            ("Places are thriving, safe and clean", "1.2", "Install new CCTV software in the control room",
             "Head of Community Safety", "31.03.24", "Procurement re-run after no compliant bids",
             "Will not be met within 3 months of original target date"),
            ("Every child able to fulfil their potential", "2.1", "Open the family hub in the east of the borough",
             "Head of Early Help", "March 2024", "Building works running three weeks late",
             "Delayed by less than 3 months"),
            ("Every child able to fulfil their potential", "2.2", "Run the holiday activities programme",
             "Head of Youth Services", "Ongoing", "Summer programme reached 4,100 children", "On track"),
        ),
        formats=("xlsx", "csv"),
        merge_down=(0,),
        notes=(
            ("* Target dates are those agreed by Cabinet in July 2023.",),
            ("Source: directorate returns to the Performance and Intelligence team.",),
        ),
        source="Rotherham Metropolitan Borough Council, Council Plan and Year Ahead Delivery Plan progress "
        "report and milestone tracker (Cabinet, mid-year 2023-24; complete / on track / delayed by less "
        "than 3 months / will not be met within 3 months): https://moderngov.rotherham.gov.uk/mgAi.aspx?ID=97961",
    ),
    # 12. Two header rows: "Timescale" over "Start | End" and "RAG status" over "Progress |
    #     Outcome" (the level of progress and the confidence in the outcome, each a colour);
    #     refs "1(a)", "1(b)"; priority heading rows.
    "flintshire_improvement_monitoring": Layout(
        title="Improvement Plan Monitoring Report Quarter 1",
        dated="Position at 30 June 2014",
        headers=("Ref", "High level activity", "Lead officer", "Timescale", "", "Progress commentary",
                 "RAG status", ""),
        subheaders=("", "", "", "Start", "End", "", "Progress", "Outcome"),
        body=(
            Heading("Priority 1: Housing"),
            ("1(a)", "Extend the council house building programme to a second site", "Chief Officer Housing",
             "April 2014", "March 2015", "Planning consent granted for the second site", "Green", "Green"),
            ("1(b)", "Bring empty homes back into use", "Empty Homes Officer", "April 2014", "March 2016",
             "Eleven homes back in use against a target of twenty", "Amber", "Green"),
            Heading("Priority 2: Living well"),
            ("2(a)", "Speed up Disabled Facilities Grants for children", "Chief Officer Social Services",
             "June 2014", "December 2014", "Average time still above target in a complex case", "Red", "Amber"),
        ),
        formats=("xlsx", "docx", "csv"),
        repeat_header_every=2,  # CSV: both header rows again on the next printed page
        source="Flintshire County Council, Improvement Plan quarterly monitoring reports (Cabinet 2014-17: "
        "levels of progress and of confidence in the outcome of each high level activity, each rated "
        "red / amber / green): https://committeemeetings.flintshire.gov.uk/mgAi.aspx?ID=7917",
    ),
    # 13. Each recommendation a row merged across the table above its numbered actions, the
    #     actions numbered on through the plan (not restarting); the lead column first and the
    #     number last; "Complete" and "Not yet started" in the RAG column.
    "bcp_best_value_notice": Layout(
        title="Best Value Notice Action Plan",
        dated="Update as at October 2023",
        headers=("Lead", "Action", "Target date", "Update", "RAG", "Action no."),
        body=(
            Heading("Recommendation 1: Agree a corporate strategy and a clear set of priorities"),
            ("Chief Executive", "Agree the corporate strategy at Council", "Dec 23",
             "Draft strategy out to consultation", "Green", "1"),
            ("Director of Finance", "Align the medium term financial plan to the priorities", "Feb 24",
             "Budget timetable agreed", "Amber", "2"),
            Heading("Recommendation 2: Strengthen governance of council companies"),
            ("Monitoring Officer", "Review the council companies' shareholder agreements", "June 2024",
             "", "Not yet started", "3"),
            ("Director of Law and Governance", "Set up a shareholder advisory board", "Nov 23",
             "Board met for the first time in November", "Complete", "4"),
        ),
        formats=("docx", "xlsx"),
        source="BCP Council (Bournemouth, Christchurch and Poole), Best Value Notice action plan, "
        "Appendix 1 (Cabinet, update as of October 2023; actions numbered 1-41 against the "
        "recommendations of two reviews): https://democracy.bcpcouncil.gov.uk/mgAi.aspx?ID=13887",
    ),
    # 14. G/A/R letters; a "% complete" column; an "Issues and risks" column beside the update; a
    #     "Direction of travel" arrow; a blank spacer column; refs like "SW2"; quarters as due dates.
    "rbkc_council_plan_actions": Layout(
        title="Council Plan Action Plan 2025-2027: Quarter 2 Update",
        dated="as at 30 September 2025",
        headers=("Ref", "Action", "", "Lead officer", "Due", "% complete", "Progress update",
                 "Issues and risks", "RAG", "Direction of travel"),
        body=(
            Heading("Safe and well"),
            ("SW2", "Roll out the new youth violence prevention programme", "", "Director of Community Safety",
             "Q3 2025/26", "60%", "Programme running in three wards", "None", "G", "↑"),
            ("SW5", "Open the second community wellbeing hub", "", "Director of Public Health", "Q4 2025/26",
             "20%", "Lease signed; fit-out tender out", "Contractor capacity", "A", "→"),
            Heading("Homes for everyone"),
            ("HE1", "Complete the stock condition survey", "", "Director of Housing Management", "Q2 2025/26",
             "100%", "Survey finished in September", "", "G", "↑"),
            ("HE3", "Retrofit 200 homes to EPC C", "", "Director of Housing Management", "Q1 26/27", "15%",
             "Grant bid unsuccessful; re-phasing", "Funding gap", "R", "↓"),
        ),
        formats=("csv", "xlsx"),
        source="Royal Borough of Kensington and Chelsea, Council Plan Action Plan 2025-2027, tracking and "
        "monitoring progress (actions rated green / amber / red on issues and risks, reported quarterly): "
        "https://www.rbkc.gov.uk/council-councillors-and-democracy/how-council-works/"
        "council-plan-action-plan-2025-2027/tracking-and-monitoring-progress",
    ),
}
