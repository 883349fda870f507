"""The study loop: spaced review (FSRS), drills, mastery, readiness.

spacing: ratings, the desired-retention curve, holding for the exam; estimates: mastery and
readiness maths; drills: ranking topics and assembling a drill; charts: SVG geometry (these four
are pure). recording: graded responses → cards and logs; mastery: the log's grouped aggregate;
services: study sessions; selectors and progress: what /study/ and /progress/ show.
"""
