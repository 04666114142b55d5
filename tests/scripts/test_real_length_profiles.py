"""Benchmark profiles as long as real CVs, built from a resume folder."""

import csv

import numpy as np

from matcher.sections import profile_sections
from scripts.real_length_profiles import (
    MEDIAN_PIECES,
    P90_PIECES,
    real_length_profiles,
    resume_texts,
    sentence_pool,
)


def word_counts(texts):
    return [len(text.split()) for text in texts]


def write_bench(root):
    folder = root / "resume_categories_en"
    folder.mkdir()
    with (folder / "UpdatedResumeDataSet.csv").open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["Category", "Resume"])
        for n in range(3):
            text = " ".join(f"I built system {n}-{i} with Python and SQL." for i in range(40))
            writer.writerow(["Data Science", text])
            writer.writerow(["Data Science", text])  # the dataset repeats texts
    cvs = root / "vanetik_cv_vacancy" / "CV_txt"
    cvs.mkdir(parents=True)
    (cvs / "1.txt").write_text("Java developer\nI wrote REST services in Spring Boot daily.\n")


def test_profiles_follow_the_real_cv_length_distribution(tmp_path):
    write_bench(tmp_path)
    texts = resume_texts(tmp_path)
    pool = sentence_pool(texts, word_counts)

    profiles = real_length_profiles(400, pool)

    assert len(texts) == 4  # repeated resumes count once
    lengths = [sum(word_counts([s.text for s in profile_sections(p)])) for p in profiles]
    assert abs(np.median(lengths) / MEDIAN_PIECES - 1) < 0.1
    assert abs(np.percentile(lengths, 90) / P90_PIECES - 1) < 0.15
    assert all(p.experience and p.summary and p.skills for p in profiles)
    assert real_length_profiles(5, pool) == profiles[:5]  # the same seed, the same profiles
