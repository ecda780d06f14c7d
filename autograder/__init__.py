"""Autograder for the Fair ML Certificate: grades learners' notebooks with nbgrader."""
