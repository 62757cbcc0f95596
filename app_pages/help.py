"""Help and about page, for the public: what stalking is, where to get help, accessibility, about."""
import streamlit as st

from spodash.figures import accessibility
from spodash.ui.help_line import EMERGENCY, HELPLINE, tel_link

st.title("Help and about")

with st.container(border=True):
    st.markdown(f"## If you are in danger now, call {tel_link(EMERGENCY)}", unsafe_allow_html=True)
    st.markdown(f"**National Stalking Helpline: {tel_link(HELPLINE)}** (run by the Suzy Lamplugh Trust). "
                "It gives advice and support to anyone affected by stalking. On a phone, tap a number to call it.",
                unsafe_allow_html=True)
    st.markdown("To leave this website quickly, use the **Exit this page** button at the top of the screen, or "
                "press the **Shift** key three times. [Browsing safely](#browsing-safely) explains more.")

st.header("What is stalking?")
st.markdown(
    "Stalking is a pattern of unwanted behaviour that makes someone feel scared, alarmed or distressed. It can "
    "be someone following you, turning up where you are, watching you, contacting you again and again (in "
    "person, by phone, message or online), sending gifts, or damaging your things. The person may be an ex-partner, "
    "someone you know a little, or a stranger.\n\n"
    "Four warning signs (**FOUR**): is the behaviour\n"
    "- **F**ixated,\n- **O**bsessive,\n- **U**nwanted,\n- **R**epeated?\n\n"
    "If it is, it may be stalking. Stalking is a crime. You do not have to wait for it to get worse before you "
    "report it.")

st.header("What can the police do?")
st.markdown(
    "When you report stalking to the police, they can investigate it as a crime. They can also ask a magistrates' "
    "court for a **Stalking Protection Order (SPO)**, which can forbid the person from contacting you or coming "
    "near you, and can make them do things such as attend a programme. The court can make an **interim** order "
    "quickly while it decides. Breaking an order is a criminal offence. The Methods page explains the orders, and "
    "the map shows how often each police force has used them, where the figures have been published.")

st.header("Where to get help")
st.markdown(
    f"- **In an emergency, call {tel_link(EMERGENCY)}.**\n"
    f"- To report stalking to the police when it is not an emergency, call **{tel_link('101')}**.\n"
    f"- **National Stalking Helpline: {tel_link(HELPLINE)}**, run by the Suzy Lamplugh Trust: advice and support "
    "for anyone affected by stalking, and for the people helping them.\n"
    "- Keep a record of what happens: dates, times, places, messages and screenshots. It helps the police and "
    "the courts.", unsafe_allow_html=True)

st.header("Browsing safely", anchor="browsing-safely")
st.markdown(
    "If you are worried that someone checks your phone or computer, these steps can help.\n"
    "- **Leave quickly.** The **Exit this page** button at the top of every page of this dashboard takes you "
    "straight to the BBC Weather website. On a keyboard, pressing the **Shift** key three times does the same.\n"
    "- **Use a private window.** A private or incognito window does not keep the pages you visit in your "
    "history once you close it.\n"
    "- **Clear your history.** Otherwise, you can delete this website from your browser history afterwards.\n"
    "- **Use another device** if you can, such as a friend's phone or a library computer.\n\n"
    "The exit button is not a guarantee. It hides the page straight away and opens BBC Weather in its place, "
    "and pressing Back then goes to where you were before this dashboard, not back to it. (For the same reason, "
    "Back leaves the dashboard instead of going to its previous page: use the page list instead.) But the "
    "dashboard's address can still be in your browser's list of visited sites. Using a private window, or "
    "clearing your history, is safer.")

st.header("About this dashboard")
st.markdown(
    "**Who it is for.** Police and Crime Commissioners' offices preparing scrutiny sessions, journalists checking "
    "and reusing the figures, and members of the public who want to know how protective orders are used where "
    "they live.\n\n"
    "**What it shows.** How often police forces in England and Wales have used Stalking Protection Orders and "
    "domestic abuse orders, beside the stalking and harassment offences they recorded. Every number was "
    "published by someone named on the Sources page; nothing is estimated, and a missing figure is never shown "
    "as zero.\n\n"
    "**Open source.** The code and the data are open: anyone can check how each figure is made, and download "
    "every file from the Downloads page.\n\n"
    "**Attribution.** Contains public sector information licensed under the Open Government Licence v3.0 "
    "(Office for National Statistics and Home Office). SPO survey data: BBC Shared Data Unit. Other figures: the "
    "police forces, Police and Crime Commissioners and news organisations named on the Sources page.")

st.header("Accessibility statement")
st.markdown(
    "We want everyone to be able to use this dashboard, including people who use a keyboard, a screen reader, "
    "screen magnification or a phone. We aim to meet the Web Content Accessibility Guidelines (WCAG) 2.1 at "
    "level AA.")
st.subheader("How it was tested")
st.markdown(
    f"- **Automated check**: the axe-core engine (version {accessibility.AXE_VERSION}) is run on every page of "
    "the dashboard in a headless Chromium browser each time the project's tests run. The tests fail on any "
    "serious or critical problem not listed below.\n"
    "- **Keyboard**: the Sources and Downloads pages are worked through with the keyboard alone by an automated "
    "test: the 'Skip to main content' link, the page list, the drop-down lists, the tables and the download "
    "buttons all take focus with the Tab key, and a drop-down list opens and changes with Enter and the arrow "
    "keys.\n"
    "- **Screen sizes**: every page is checked at a desktop size (1400 by 1000 pixels); the Help, Sources, "
    "Methods and Downloads pages are also checked at a phone size (390 by 844 pixels) for content that would "
    "need scrolling sideways.\n"
    "- **Colour**: colours are from palettes readable with common colour-vision deficiencies, and no meaning "
    "is carried by colour alone: no-data areas have a cross, coverage cells have a symbol, and every chart has "
    "a table.")
st.subheader("What is known not to work")
lines = [f"- {text}" for text in accessibility.KNOWN_LIMITS]
for rule, (where, reason) in accessibility.KNOWN_ISSUES.items():
    lines.append(f"- axe-core rule `{rule}` ({where}): {reason}")
if not accessibility.KNOWN_ISSUES:
    lines.append("- The automated check finds no serious or critical problems on any page; it still reports "
                 "some moderate ones (for example, a heading level skipped on the map and upload pages).")
st.markdown("\n".join(lines))
st.subheader("Getting the information in another form")
st.markdown(
    "Every table on the dashboard can be downloaded as a CSV file, which opens in any spreadsheet or screen "
    "reader. The Downloads page has every data file, a data dictionary that explains each column, and one zip "
    "file with everything.")
