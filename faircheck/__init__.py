"""faircheck: the course's code that runs in the learner's kernel.

It holds the self-check (:class:`Exercise`: public examples, hints, progress), the exercises'
data, and the small protocol by which a graded notebook answers the grading machine's
requests. It holds no reference implementation, solution, known wrong answer, hidden input
or seed: those live only where the instructor grades (the ``autograder`` package).

Examples
--------
>>> from faircheck import Exercise
>>> Exercise("m00-orientation")
Exercise('m00-orientation')
"""

from faircheck._exercise import Exercise

__all__ = ["Exercise"]
