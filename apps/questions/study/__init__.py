"""The study loop: spaced review (FSRS), drills, mastery, readiness.

spacing: ratings and the desired-retention curve; estimates: mastery and readiness maths (pure);
recording: graded responses → cards and logs; services: study sessions; selectors and progress:
what the pages show.
"""
